/** The environment as imagegen reads it: process.env, or a test's own. */
export type Env = Readonly<Record<string, string | undefined>>;

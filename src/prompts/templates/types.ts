/**
 * What a workflow template is: named input roles, parameters, and the instruction lines that turn
 * them (and the user's words) into the prompt sent to the model. Built-in templates and the YAML
 * files in <home>/templates share this shape.
 */

export interface TemplateRole {
  /** What `-i ROLE=…` calls it: lowercase letters, digits and dashes. */
  name: string;
  description: string;
  required: boolean;
  /** How many images the role takes: 1 unless the role is repeatable. */
  max: number;
  /** How the prompt introduces each image of this role: "Image 1 is {intro}." */
  intro: string;
  /** `--identity NAME` fills this role with the identity's photos. */
  identity: boolean;
  /** A parameter holding comma-separated labels for this role's images, in order. */
  labels: string | null;
}

export interface TemplateParam {
  name: string;
  description: string;
  required: boolean;
  default: string | null;
  /** When set, the value must be one of these. */
  choices: string[] | null;
}

/** One instruction line; `{param}` placeholders are filled in, and the line can be conditional. */
export interface TemplateLine {
  text: string;
  /** A role or parameter name: the line is used only when it was given. */
  when: string | null;
  /** A role or parameter name: the line is used only when it was not given. */
  unless: string | null;
}

export interface Template {
  name: string;
  description: string;
  /** 'builtin', or the YAML file it was read from. */
  source: string;
  roles: TemplateRole[];
  params: TemplateParam[];
  lines: TemplateLine[];
  /** Groups of role/parameter names of which exactly one must be given. */
  oneOf: string[][];
  /** The aspect ratio used when the user gives none. */
  aspect: string | null;
  /** A command line that shows the template in use. */
  example: string | null;
}

/** Template names (and file names of user templates): lowercase letters, digits and dashes. */
export const TEMPLATE_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** Role and parameter names. */
export const FIELD_NAME = /^[a-z][a-z0-9_-]{0,31}$/;

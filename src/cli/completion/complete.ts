/**
 * `imagegen __complete WORD… CURRENT`: the candidates for the word being typed, one per line.
 * Commands and flags come from the spec commander wrote at build time; enumerated values from
 * the same tables the commands validate against; ids, identities and template names from the
 * home. Kept free of commander and every heavy module: the shell waits for it on each Tab.
 */
import { EMOTION_NAMES } from '../../domain/emotions.js';
import { STYLES } from '../../prompts/styles.js';
import { BUILTIN_TEMPLATES } from '../../prompts/templates/builtin.js';
import { MODELS } from '../../providers/models.js';
import { CONFIG_KEY_NAMES, PROVIDER_NAMES } from '../../config/config-keys.js';
import type { CommandSpec, OptionSpec } from './spec.js';

export interface CompletionSources {
  recentIds(): string[];
  identities(): string[];
  userTemplates(): string[];
}

const unique = (values: Iterable<string>) => [...new Set(values)];

const ASPECTS = unique(MODELS.flatMap((m) => m.aspectRatios));
const SIZES = unique(MODELS.flatMap((m) => m.imageSizes));

/** Values of flags that take one of a known set, by long name. */
function flagValues(flag: string, sources: CompletionSources): string[] | undefined {
  switch (flag) {
    case '--aspect': return ASPECTS;
    case '--size': return SIZES;
    case '--emotion': return [...EMOTION_NAMES];
    case '--style': return Object.keys(STYLES);
    case '--kind': return ['generate', 'modify', 'reference', 'regenerate'];
    case '--status': return ['completed', 'failed', 'all'];
    case '--format': return ['png', 'jpeg', 'webp'];
    case '--provider': return [...PROVIDER_NAMES];
    case '--type': return ['subject', 'face', 'full_image'];
    case '--model': return MODELS.map((m) => m.id);
    case '--template': return templates(sources);
    case '--identity': return sources.identities();
    case '--parent': case '--root': return ['last', ...sources.recentIds()];
    // -i takes a file or an id: ids when the word looks like one, else the shell's file names.
    case '--image': return ['last', ...sources.recentIds()];
    default: return undefined;
  }
}

function templates(sources: CompletionSources): string[] {
  return unique([...Object.keys(BUILTIN_TEMPLATES), ...sources.userTemplates()]).sort();
}

/** Values for a positional argument, by the argument's name in its command. */
function argumentValues(command: string[], arg: string | undefined, previous: string[], sources: CompletionSources): string[] {
  const path = command.join(' ');
  if (path === 'completion') return ['bash', 'zsh', 'fish'];
  if (path.startsWith('config ') && arg === 'key') return CONFIG_KEY_NAMES;
  if (path === 'config set' && arg === 'value' && previous.at(-1) === 'provider') return [...PROVIDER_NAMES];
  if (command[0] === 'templates' && arg === 'name') return templates(sources);
  if (command[0] === 'identity' && arg === 'name') return sources.identities();
  if (arg === 'id' || arg === 'ids') return ['last', ...sources.recentIds()];
  return [];
}

function findOption(spec: CommandSpec, word: string): OptionSpec | undefined {
  return spec.options.find((o) => o.names.includes(word));
}

/**
 * words: what follows `imagegen` on the line, the last being the word under the cursor (maybe
 * empty). `--home DIR` on the line is honoured by the caller's sources.
 */
export function complete(root: CommandSpec, words: string[], sources: CompletionSources): string[] {
  const current = words.at(-1) ?? '';
  const before = words.slice(0, -1);
  const commandPath: string[] = [];
  let spec = root;
  let positional = 0;
  const positionals: string[] = [];
  let pendingOption: OptionSpec | undefined;
  for (const word of before) {
    if (pendingOption) {
      pendingOption = undefined;
      continue;
    }
    if (word.startsWith('-') && word !== '-') {
      if (word.includes('=')) continue;
      const option = findOption(spec, word) ?? findOption(root, word);
      if (option?.takesValue) pendingOption = option;
      continue;
    }
    const sub = spec.subcommands.find((c) => c.names.includes(word));
    if (sub && positional === 0) {
      spec = sub;
      commandPath.push(sub.names[0]!);
      continue;
    }
    positional++;
    positionals.push(word);
  }

  let candidates: string[];
  if (pendingOption) {
    const long = pendingOption.names.find((n) => n.startsWith('--')) ?? '';
    candidates = flagValues(long, sources) ?? [];
  } else if (current.startsWith('-')) {
    candidates = [...spec.options, ...(spec === root ? [] : root.options)].flatMap((o) => o.names.filter((n) => n.startsWith('--')));
    candidates.push('--help');
  } else if (positional === 0 && spec.subcommands.length) {
    candidates = spec.subcommands.flatMap((c) => c.names.slice(0, 1)).filter((n) => !n.startsWith('_'));
    // A group's default subcommand (templates list) still takes its parent's first argument.
    if (spec !== root) candidates.push(...argumentValues(commandPath, spec.args[0], positionals, sources));
  } else {
    const args = spec.args;
    const variadic = args.length > 0 && positional >= args.length ? args.at(-1) : undefined;
    candidates = argumentValues(commandPath, args[positional] ?? variadic, positionals, sources);
  }
  return unique(candidates.filter((c) => c.startsWith(current)));
}

import { parseArgs, type ParseArgsConfig } from 'node:util';

type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;

/** A bad command line: main prints the message and exits with code 2. */
export class UsageError extends Error {}

export type Options = NonNullable<ParseArgsConfig['options']>;

/** Every command accepts these. */
const common = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
} as const satisfies Options;

/**
 * Parses argv with node's util.parseArgs; unknown options and missing values become UsageError.
 * Example: const { values, positionals } = parse(argv, { out: { type: 'string', short: 'o' } });
 */
export function parse<const O extends Options>(argv: string[], options: O): Parsed<typeof common & O> {
  try {
    const all = { ...common, ...options } as typeof common & O;
    return parseArgs({ args: argv, options: all, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** A numeric option: absent gives the default, anything but a finite number is a UsageError. */
export function num(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const x = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(x))
    throw new UsageError(`--${name} expects a number, got ${JSON.stringify(value)}`);
  return x;
}

/** Prints the final result: one JSON object on stdout with --json, readable lines otherwise. */
export function report(json: boolean | undefined, result: Record<string, unknown>, text: string) {
  process.stdout.write(json ? JSON.stringify(result) + '\n' : text + '\n');
}

/** A command module under cli/commands/: `perceptio <name> …` imports it and calls run. */
export interface Command {
  /** one line for `perceptio --help` */
  summary: string;
  /** full usage text for `perceptio <name> --help` */
  help: string;
  /** returns the exit code */
  run(argv: string[]): Promise<number>;
}

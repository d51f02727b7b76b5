#!/usr/bin/env node
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError, type Command } from './args.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Command names are the files in cli/commands/, so adding a command touches no other file. */
function commandNames(): string[] {
  return readdirSync(join(here, 'commands'))
    .filter((f) => /\.(js|ts)$/.test(f) && !f.endsWith('.d.ts') && !f.endsWith('.map'))
    .map((f) => f.replace(/\.(js|ts)$/, ''))
    .sort();
}

async function load(name: string): Promise<Command> {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return (await import(join(here, 'commands', name + ext))).command as Command;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const names = commandNames();
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const lines = await Promise.all(names.map(async (n) => `  ${n.padEnd(16)}${(await load(n)).summary}`));
    process.stdout.write(`Usage: perceptio <command> [options]\n\nCommands:\n${lines.join('\n')}\n\n` +
      `Run 'perceptio <command> --help' for a command's options; --json prints the result as JSON.\n`);
    return name ? 0 : 2;
  }
  if (!names.includes(name)) {
    process.stderr.write(`perceptio: unknown command '${name}' (commands: ${names.join(', ')})\n`);
    return 2;
  }
  const command = await load(name);
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.help.trimEnd() + '\n');
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`perceptio ${name}: ${e.message}\nRun 'perceptio ${name} --help' for usage.\n`);
      return 2;
    }
    process.stderr.write(`perceptio ${name}: ${(e as Error).message}\n`);
    return 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}

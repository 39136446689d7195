/** What a command printed and the exit code it returned. */
export interface CommandResult {
  readonly code: number | void;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command's `run`, capturing what it writes to stdout and stderr. */
export async function capture(run: () => Promise<number | void>): Promise<CommandResult> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);
  try {
    const code = await run();
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

// The one error a teacher sees: what happened, where, and what to do. Anything else is a bug.
export class EstradeError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EstradeError';
  }

  /** `file:line: error: message`, the one line printed for the teacher. */
  override toString(): string {
    if (!this.file) return `estrade: error: ${this.message}`;
    return `${this.file}${this.line ? `:${this.line}` : ''}: error: ${this.message}`;
  }
}

/** A file-system error in a teacher's words: "permission denied", "the disk is full"… */
export function systemError(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOENT':
      return 'it no longer exists';
    default:
      return e.code ?? e.message;
  }
}

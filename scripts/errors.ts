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

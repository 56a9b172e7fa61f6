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

  /** `file:line: message`, the one line printed for the teacher. */
  override toString(): string {
    const where = this.file ? `${this.file}${this.line ? `:${this.line}` : ''}: ` : '';
    return `${where}${this.message}`;
  }
}

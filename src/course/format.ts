import type { Diagnostic } from './types.ts';

/** `file:line: severity: message`, one line a problem, as compilers print them. */
export const formatDiagnostic = (d: Diagnostic) => `${d.file}:${d.line}: ${d.severity}: ${d.message}`;

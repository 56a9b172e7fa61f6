// When two answers to an open question are the same, as a teacher would read them: shared by the
// server (counting, marking right) and the students' page (telling a student they were right). Pure.

/** Answers compared as a teacher would read them: case, accents, spacing and end punctuation aside. */
export const sameAnswer = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s.!?;:,]+$/u, '')
    .trim();

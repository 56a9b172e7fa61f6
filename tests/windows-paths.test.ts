// Windows paths in the code that decides where things are: drive letters, backslashes, file: URLs,
// accents and spaces, checked with Node's own win32 path rules (and posix for a course written on
// Windows and built elsewhere).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { courseName } from '../src/course/deck.ts';
import { imageFile } from '../src/files/images.ts';
import { lessonsBeside } from '../src/present/lesson.ts';

const course = 'C:\\Users\\Élève\\Mes cours\\réseau.md';

describe('Windows paths', () => {
  it('find an image beside the course, in a sub-folder written either way', () => {
    expect(imageFile('images\\capture écran.png', course, 'C:\\Users\\Élève', path.win32)).toBe('C:\\Users\\Élève\\Mes cours\\images\\capture écran.png');
    expect(imageFile('images/capture%20écran.png', course, 'C:\\Users\\Élève', path.win32)).toBe('C:\\Users\\Élève\\Mes cours\\images\\capture écran.png');
    expect(imageFile('..\\communs\\logo.png', course, 'C:\\Users\\Élève', path.win32)).toBe('C:\\Users\\Élève\\communs\\logo.png');
  });

  it('take a drive letter or a file: URL as the file it names', () => {
    expect(imageFile('D:\\Images\\schéma.png', course, 'C:\\Users\\Élève', path.win32)).toBe('D:\\Images\\schéma.png');
    expect(imageFile('D:/Images/schéma.png', course, 'C:\\Users\\Élève', path.win32)).toBe('D:\\Images\\schéma.png');
    expect(imageFile('file:///D:/Images/mon%20sch%C3%A9ma.png', course, 'C:\\Users\\Élève', path.win32)).toBe('D:\\Images\\mon schéma.png');
  });

  it('look a root-relative image up from the course folder', () => {
    expect(imageFile('/assets/x.png', 'C:\\site\\cours\\r.md', 'C:\\site', path.win32)).toBe('C:\\site\\cours\\assets\\x.png');
  });

  it('read backslashes as folders when a course written on Windows is built on Linux or macOS', () => {
    expect(imageFile('images\\capture.png', '/home/prof/cours/r.md', '/home/prof', path.posix)).toBe('/home/prof/cours/images/capture.png');
  });

  it("name a course's output after its file, whatever the folder", () => {
    expect(courseName(course)).toBe('reseau');
    expect(courseName('D:\\Cours 2026\\Docker – les bases.md')).toBe('docker-les-bases');
  });

  it('keep lessons beside the course', () => {
    expect(lessonsBeside([course], path.win32)).toBe('C:\\Users\\Élève\\Mes cours\\lessons');
    expect(lessonsBeside(['D:\\classe'], path.win32)).toBe('D:\\classe\\lessons');
  });
});

// manifest.json: the machine-readable description of a built course (DESIGN, "Outputs").

export interface DeckFiles {
  slides: number;
  html: string;
  pdf?: string;
  handout?: string;
  pptx?: string;
}

export interface DeckEntry extends DeckFiles {
  index: number;
  title: string;
  slug: string;
}

export interface Manifest {
  course: string;
  title: string;
  lang: string;
  source: string;
  decks: DeckEntry[];
  full?: DeckFiles;
}

export function manifestJson(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

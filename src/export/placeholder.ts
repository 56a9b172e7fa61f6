// The placeholder figure a handout's sheet holds where a slide is drawn afterwards (handout.ts):
// its label marks where the slide's tags go among the sheet's (tags.ts). Apart, so that neither
// loads the other (nor pdf-lib at a build's start).

/** The label of the placeholder of slide `slide` (its place in its deck). */
export const holeLabel = (slide: number) => `estrade-slide-${slide}`;

/** The slide a placeholder's label names, if it is one. */
export function holeOf(label: string | undefined): number | undefined {
  const found = label && /^estrade-slide-(\d+)$/.exec(label);
  return found ? Number(found[1]) : undefined;
}

// The live-reload script of the pages the dev server serves (never of dist/): its code is the
// browser module src/dev/page/live-reload.ts.
import { pageScript } from '../page-scripts.ts';

/** Adds the live-reload client to a served HTML page. */
export function withClient(html: string): string {
  const tag = `<script>${pageScript('live-reload')}</script>`;
  return html.includes('</body>') ? html.replace(/<\/body>(?![\s\S]*<\/body>)/, `${tag}</body>`) : html + tag;
}

// dev helper: screenshot slides of a built deck
import { withPage, disposeBrowser } from './render/browser.ts'
const [file, out, ...nums] = process.argv.slice(2)
await withPage(async (page) => {
  await page.setViewport({ width: 1280, height: 720 })
  await page.goto('file://' + file)
  for (const n of nums) {
    await page.goto('file://' + file + '#' + n); await new Promise(r => setTimeout(r, 300))
    await page.screenshot({ path: `${out}-${n}.png` })
  }
})
await disposeBrowser()

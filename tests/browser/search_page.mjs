// The web page in a real browser: headless Chromium (Debian `chromium`)
// driven by puppeteer-core against `search --serve` on an index this test
// builds. It types a query, sees ranked results with highlighted (and escaped)
// snippets, clicks a facet and sees the filtered count, narrows by dates,
// sorts newest first, opens a story's copies ("+1 similar"), clicks a
// timeline bar, turns a page, opens an article, and saves screenshots.
//
// node search_page.mjs INDEXER SEARCH CORPUS OUT_DIR   (CTest runs it: tests/CMakeLists.txt)
import { spawn, execFileSync } from "node:child_process";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import puppeteer from "puppeteer-core";

const [indexer, search, bundledCorpus, outDir] = process.argv.slice(2);
const browserPath = process.env.CHROMIUM || "/usr/bin/chromium";
const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"];

// The bundled articles, twelve dated ones on sanctions (one a month of 2024,
// each on its own trade), two copies of one story (undated), and one whose
// title and text are markup that must show as text.
const trades = ["steel", "grain", "oil", "banking", "shipping", "chips", "timber", "copper", "gas", "fishing",
                "aviation", "fertiliser"];
function makeIndex(dir) {
  const corpus = path.join(dir, "corpus"), index = path.join(dir, "index");
  fs.cpSync(bundledCorpus, corpus, { recursive: true });
  months.forEach((month, i) => {
    const trade = trades[i];
    const words = Array.from({ length: 30 }, (_, k) => `${trade}${k}`).join(" ");
    fs.writeFileSync(path.join(corpus, `sanctions_${String(i + 1).padStart(2, "0")}.txt`),
      `Sanctions review number ${i + 1}\n\n${month} 15, 2024\n\n` +
      `The ${trade} sanctions were reviewed this month: ${words}. Ministers met in Tokyo.\n`);
  });
  const story = "Customs officers in Rotterdam seized a cargo that broke the sanctions, the port authority said on " +
    "Tuesday, after a long inquiry into shipments routed through three countries to hide where they came from.\n";
  fs.writeFileSync(path.join(corpus, "copy_a.txt"), `Port seizes sanctioned cargo\n\n${story}`);
  fs.writeFileSync(path.join(corpus, "copy_b.txt"), `Rotterdam seizure: sanctions cargo held\n\n${story}`);
  fs.writeFileSync(path.join(corpus, "markup.txt"),
    `<img src=x onerror="window.injected=1"> sanctions headline\n\n` +
    `A <script>window.injected=2</script> paragraph about sanctions and <b>bold</b> claims.\n`);
  execFileSync(indexer, ["--corpus", corpus, "--index", index, "--quiet"]);
  return index;
}

// `search --serve` on a free port; resolves to its URL once it listens.
function startServer(index) {
  const server = spawn(search, ["--index", index, "--serve", "--listen", "127.0.0.1:0"], { stdio: ["ignore", "ignore", "pipe"] });
  return new Promise((resolve, reject) => {
    let err = "";
    server.stderr.on("data", (chunk) => {
      err += chunk;
      const url = /serving (http:\/\/\S+)/.exec(err);
      if (url) resolve({ server, url: url[1] });
    });
    server.on("exit", (code) => reject(new Error(`search --serve exited with ${code}: ${err}`)));
  });
}

const settled = (page) => page.waitForSelector("body[data-ready=true]");
const total = (page) => page.$eval("#total", (e) => Number(e.dataset.total));

async function run(page, url) {
  await page.goto(url);
  await settled(page);
  await page.type("#q", "sanctions");
  await page.keyboard.press("Enter");
  await page.waitForSelector(".hit");
  await settled(page);
  const all = await total(page);
  assert.ok(all >= 17, `sanctions should match the 12 dated, the 2 copies, the markup and bundled articles, got ${all}`);
  const stories = all - 1;  // the two copies are one story
  assert.equal((await page.$$(".hit")).length, 10, "a page of ten hits");
  assert.ok((await page.$$(".hit .snippet mark")).length > 0, "matches are highlighted");
  const marks = await page.$$eval(".hit .snippet mark", (ms) => ms.map((m) => m.textContent.toLowerCase()));
  assert.ok(marks.every((m) => m.startsWith("sanction")), `only the query's words are marked: ${marks}`);

  // Markup in an article is shown as text, never run.
  await page.$eval("#q", (q) => { q.value = ""; });
  await page.type("#q", "headline");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector("#total")?.dataset.total === "1");
  const title = await page.$eval(".hit h3", (h) => h.textContent);
  assert.ok(title.includes("<img src=x"), `the title's markup shows as text: ${title}`);
  assert.equal(await page.$(".hit img, .hit script, .hit b"), null, "no element made from the article's text");
  assert.equal(await page.evaluate(() => window.injected), undefined, "no script from the article ran");

  // Back to the broad query: click the top person facet, the count is its count.
  await page.$eval("#q", (q) => { q.value = ""; });
  await page.type("#q", "sanctions");
  await page.keyboard.press("Enter");
  await page.waitForFunction((n) => document.querySelector("#total")?.dataset.total === String(n), {}, all);
  const facet = await page.$('.facet[data-type="person"]');
  assert.ok(facet, "person facets are listed");
  // A one-word query: the facets count every match, and the page says so.
  assert.equal(await page.$eval("#facets-over", (e) => e.textContent), `in all ${all} matches`);
  const [name, count] = await facet.$$eval("span", (s) => [s[0].textContent, Number(s[1].textContent)]);
  await facet.click();
  await page.waitForFunction((n) => document.querySelector("#total")?.dataset.total === String(n), {}, count);
  assert.ok(count < all, `the ${name} filter narrows ${all} to ${count}`);
  const chips = await page.$$eval("#filters .chip", (cs) => cs.map((c) => c.textContent));
  assert.deepEqual(chips, [`person: ${name} ×`]);
  fs.mkdirSync(outDir, { recursive: true });
  await page.screenshot({ path: path.join(outDir, "search-page-facet.png"), fullPage: true });

  // Remove the filter, then a date range: June to August 2024 holds three.
  await page.click("#filters .chip");
  await page.waitForFunction((n) => document.querySelector("#total")?.dataset.total === String(n), {}, all);
  await page.type("#since", "2024-06");
  await page.type("#until", "2024-08");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector("#total")?.dataset.total === "3");
  const dated = await page.$$eval(".hit .meta", (ms) => ms.map((m) => m.firstChild.textContent).sort());
  assert.deepEqual(dated, ["2024-06-15", "2024-07-15", "2024-08-15"]);
  await page.$eval("#since", (e) => { e.value = ""; });
  await page.$eval("#until", (e) => { e.value = ""; });
  await page.keyboard.press("Enter");
  await page.waitForFunction((n) => document.querySelector("#total")?.dataset.total === String(n), {}, all);

  // Newest first: December's review leads; back to best match.
  await page.select("#sort", "date");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector(".hit .meta")?.firstChild.textContent === "2024-12-15");
  await page.select("#sort", "relevance");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => !location.hash.includes("sort="));
  await settled(page);

  // The copies show as one hit, "+1 similar"; that link lists both.
  const similar = await page.$$eval(".hit .similar", (as) => as.map((a) => a.textContent));
  assert.deepEqual(similar, ["+1 similar"], "the planted copies collapse into one story on page 1");
  await page.click(".hit .similar");
  await page.waitForFunction(() => document.querySelector("#total")?.dataset.total === "2");
  await settled(page);
  const copies = await page.$$eval(".hit h3", (hs) => hs.map((h) => h.textContent).sort());
  assert.deepEqual(copies, ["Port seizes sanctioned cargo", "Rotterdam seizure: sanctions cargo held"]);
  await page.goBack();
  await page.waitForFunction((n) => document.querySelector("#total")?.dataset.total === String(n), {}, all);
  await settled(page);

  // The timeline: a bar a month of 2024; a click narrows the search to it.
  const bars = await page.$$eval("#timeline .bar", (bs) => bs.map((b) => b.dataset.period));
  assert.deepEqual(bars, months.map((_, i) => `2024-${String(i + 1).padStart(2, "0")}`));
  await page.click('#timeline .bar[data-period="2024-03"]');
  await page.waitForFunction(() => document.querySelector("#total")?.dataset.total === "1");
  await settled(page);
  assert.equal(await page.$eval(".hit .meta", (m) => m.firstChild.textContent), "2024-03-15");
  assert.equal(await page.$eval("#since", (e) => e.value), "2024-03");
  await page.goBack();
  await page.waitForFunction((n) => document.querySelector("#total")?.dataset.total === String(n), {}, all);
  await settled(page);

  // The second page: other hits, ranks 11 on.
  const firstPage = await page.$$eval(".hit h3", (hs) => hs.map((h) => h.textContent));
  await page.screenshot({ path: path.join(outDir, "search-page.png"), fullPage: true });
  await page.click("#next");
  await page.waitForFunction(() => document.querySelector("#page")?.textContent.startsWith("page 2"));
  await settled(page);
  const secondPage = await page.$$eval(".hit h3", (hs) => hs.map((h) => h.textContent));
  assert.equal(secondPage.length, stories - 10);
  assert.ok(secondPage.every((t) => !firstPage.includes(t)), "page 2 repeats nothing of page 1");

  // An article opens whole; back returns to the results.
  const hitTitle = secondPage[0];
  await page.click(".hit h3 a");
  await page.waitForSelector("#article:not([hidden]) h2");
  await settled(page);
  assert.equal(await page.$eval("#article h2", (h) => h.textContent), hitTitle);
  assert.ok((await page.$$("#article p")).length > 0, "the article's paragraphs are shown");
  await page.screenshot({ path: path.join(outDir, "article-view.png"), fullPage: true });
  await page.click("#back");
  await page.waitForSelector("#results-view:not([hidden]) .hit");
  await settled(page);

  // A facet clicked beside an article goes back to the results, filtered.
  await page.click(".hit h3 a");
  await page.waitForSelector("#article:not([hidden]) h2");
  await settled(page);
  await page.click('.facet[data-type="place"]');
  await page.waitForSelector("#results-view:not([hidden]) .hit");
  await settled(page);
  assert.equal((await page.$$("#filters .chip")).length, 1);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "news-browser-"));
let server, browser;
try {
  const index = makeIndex(work);
  const started = await startServer(index);
  server = started.server;
  browser = await puppeteer.launch({
    executablePath: browserPath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
  });
  const page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 900 });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await run(page, started.url);
  assert.deepEqual(errors, [], "no script errors on the page");
  console.log(`browser test passed; screenshots in ${outDir}`);
} finally {
  if (browser) await browser.close();
  if (server) server.kill("SIGTERM");
  fs.rmSync(work, { recursive: true, force: true });
}

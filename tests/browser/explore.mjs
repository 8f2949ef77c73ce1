import { chromium } from "playwright-core";
import fs from "fs";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless=new","--no-sandbox","--disable-gpu","--disable-quic","--no-first-run","--disable-background-networking","--disable-component-update","--disable-sync"] });
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
await page.route("**/*", (route) => { const u = new URL(route.request().url()); if (["127.0.0.1","localhost"].includes(u.hostname)) route.continue(); else route.abort(); });
page.on("pageerror", e => console.log("PAGEERROR", e.message));
await page.goto("http://127.0.0.1:56150", { waitUntil: "networkidle" });
await page.getByLabel("My Team - General").click(); await page.waitForTimeout(1500);
async function post(text) {
  const box = page.getByRole("textbox").first();
  await box.click(); await page.keyboard.type("@"); await page.getByRole("menuitem", { name: "Test Bot" }).click();
  await page.keyboard.type(" " + text); await page.getByRole("button", { name: "Post" }).click();
  await page.waitForTimeout(2500);
}
await post("hjälp");
await page.screenshot({ path: "/tmp/pg/e1.png", fullPage: true });
const groups = await page.evaluate(() => [...document.querySelectorAll('[role="group"]')].map(g => [g.parentElement?.tagName, g.querySelectorAll('[role="group"]').length, g.innerText.slice(0,80).replace(/\n/g," | ")]));
console.log(JSON.stringify(groups, null, 1));
await browser.close();

// The browser test: a person's walk through a delprojekt in the Microsoft 365 Agents Playground,
// by clicking and typing only, in Debian's Chromium. It starts the service and the playground,
// and fails on a page error, a click that sends nothing, a reply that does not appear, a call of
// the bot's that the playground refuses, a GUID shown where a name belongs, and any card the
// official Adaptive Cards parser rejects. Screenshots of every step go to SCREENSHOT_DIR.
//
//   node walk.mjs            (make test-browser runs it from the project root)
import { spawn } from "node:child_process";
import net from "node:net";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { cardProblems } from "./card-rules.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
let BOT_PORT = Number(process.env.WALK_BOT_PORT || 0);
let PLAYGROUND_PORT = Number(process.env.WALK_PLAYGROUND_PORT || 0);
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const SCREENSHOTS = path.resolve(process.env.SCREENSHOT_DIR || path.join(here, "screenshots"));
const STEP_SECONDS = Number(process.env.WALK_STEP_SECONDS || 20);
// The playground's signed-in user (its default configuration): the walk is done as the kansli.
const ALEX_AAD = "00000000-0000-0000-0000-0000000000020";
const GUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12,}\b/i;
const KUNSKAPSSTYRNING_QUESTION = "Är idén avstämd med ordförande eller processledare i berört programområde?";

const failures = [];
const cards = [];
const refused = [];
let incoming = 0; // activities the playground has sent to the bot
const children = [];

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function stopChildren() {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    stopChildren();
    process.exit(130);
  });
}
process.on("exit", stopChildren);

function fail(message) {
  failures.push(message);
  console.error(`FAIL ${message}`);
}

function start(command, args, options, ready) {
  const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  const log = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} did not start:\n${log.join("")}`)), 60_000);
    const listen = (chunk) => {
      log.push(String(chunk));
      if (ready(log.join(""))) {
        clearTimeout(timer);
        resolve({ child, log });
      }
    };
    child.stdout.on("data", listen);
    child.stderr.on("data", listen);
    child.on("exit", (code) => reject(new Error(`${command} exited with ${code}:\n${log.join("")}`)));
  });
}

async function startService(workDir) {
  const python = process.env.WALK_PYTHON || path.join(root, ".venv", "bin", "python");
  const env = {
    ...process.env,
    MicrosoftAppId: "",
    MicrosoftAppPassword: "",
    DATABASE_URL: `sqlite:///${path.join(workDir, "walk.db")}`,
    HOST: "127.0.0.1",
    PORT: String(BOT_PORT),
    PUBLIC_BASE_URL: `http://127.0.0.1:${BOT_PORT}`,
    KANSLI_AAD_IDS: ALEX_AAD,
    REMINDERS_ENABLED: "false",
    MIGRATE_ON_START: "true",
  };
  const service = await start(python, ["-m", "bot.cli", "--env-file", path.join(workDir, "none.env"), "serve"],
    { cwd: root, env }, (log) => log.includes("Running on"));
  return service;
}

async function startPlayground() {
  const bin = path.join(here, "node_modules", ".bin", "agentsplayground");
  const args = ["-e", `http://127.0.0.1:${BOT_PORT}/api/messages`, "-c", "msteams", "--disable-telemetry",
    "-p", String(PLAYGROUND_PORT)];
  return start(bin, args, { cwd: here, env: { ...process.env, TEAMSAPPTESTER_BROWSER: "none" } },
    (log) => log.includes("Listening on"));
}

// What the bot sent and how the playground answered, from the playground's own log stream.
function watch(page) {
  page.on("websocket", (ws) => {
    if (!ws.url().includes("/_ws/log/")) return;
    ws.on("framereceived", (frame) => {
      let event;
      try {
        event = JSON.parse(String(frame.payload));
      } catch {
        return;
      }
      const entry = event.log;
      if (!entry) return;
      if (process.env.WALK_LOG) fs.appendFileSync(process.env.WALK_LOG, `${currentStep} ${JSON.stringify(entry)}\n`);
      if (entry.from === "Microsoft 365 Agents Playground" && entry.to === "User Application") {
        if (entry.activityName === "message" || entry.activityName === "invoke") incoming += 1;
        return;
      }
      const body = entry.request?.body;
      for (const attachment of body?.attachments || []) {
        if (attachment.contentType === "application/vnd.microsoft.card.adaptive") {
          cards.push({ step: currentStep, card: attachment.content });
        }
      }
      const status = entry.response?.statusCode;
      if (status >= 400 && entry.activityName !== "getConversationMember") {
        refused.push(`${currentStep}: ${entry.activityName} → ${status} ${JSON.stringify(entry.response?.body).slice(0, 300)}`);
      }
    });
  });
  page.on("pageerror", (error) => fail(`${currentStep}: page error: ${error.message}`));
}

let currentStep = "start";
const failedSteps = new Set();
let stepNumber = 0;

async function step(page, name, action) {
  currentStep = name;
  stepNumber += 1;
  const refusedBefore = refused.length;
  const failuresBefore = failures.length;
  let shown;
  try {
    shown = await action();
  } catch (error) {
    fail(`${name}: ${error.message.split("\n")[0]}`);
  }
  await page.waitForTimeout(300);
  const file = path.join(SCREENSHOTS, `${String(stepNumber).padStart(2, "0")}-${name}.png`);
  // The thread the step happened in, whole, as its reader sees it; else the window.
  try {
    if (shown) await shown.screenshot({ path: file });
    else await page.screenshot({ path: file });
  } catch {
    await page.screenshot({ path: file });
  }
  for (const refusal of refused.slice(refusedBefore)) fail(`the playground refused a call of the bot's: ${refusal}`);
  if (failures.length !== failuresBefore) failedSteps.add(name);
  console.log(`${failures.length === failuresBefore ? "ok  " : "FAIL"} ${stepNumber}. ${name} (${path.relative(root, file)})`);
}

// A click that must reach the bot: the playground logs an activity to the bot within a few seconds.
async function clickSending(page, locator, what) {
  const before = incoming;
  await locator.click();
  const deadline = Date.now() + 8000;
  while (incoming === before && Date.now() < deadline) await page.waitForTimeout(100);
  if (incoming === before) throw new Error(`clicking ${what} sent nothing to the bot`);
}

async function until(locator, what, seconds = STEP_SECONDS) {
  try {
    await locator.first().waitFor({ state: "visible", timeout: seconds * 1000 });
  } catch {
    throw new Error(`${what} did not appear within ${seconds} s`);
  }
}

function threads(page) {
  return page.locator(':not(button) > [role="group"]').filter({ hasNotText: "Start a new post" });
}

async function post(page, text) {
  // New posts go on top: counted from the oldest, this thread keeps its place as more come.
  const older = await threads(page).count();
  const composer = page.getByRole("textbox").first();
  await composer.click();
  await page.keyboard.type("@");
  await page.getByRole("menuitem", { name: "Test Bot" }).click();
  await page.keyboard.type(` ${text}`);
  const before = incoming;
  await page.getByRole("button", { name: "Post", exact: true }).click();
  const deadline = Date.now() + 8000;
  while (incoming === before && Date.now() < deadline) await page.waitForTimeout(100);
  if (incoming === before) throw new Error(`posting "${text}" sent nothing to the bot`);
  return threads(page).nth(-(older + 1));
}

async function sayPersonal(page, text) {
  const box = page.getByRole("textbox").last();
  await box.click();
  await page.keyboard.type(text);
  const before = incoming;
  await page.keyboard.press("Enter");
  const deadline = Date.now() + 8000;
  while (incoming === before && Date.now() < deadline) await page.waitForTimeout(100);
  if (incoming === before) throw new Error(`writing "${text}" sent nothing to the bot`);
}

async function noGuids(scope, where) {
  const text = await scope.innerText();
  const found = text.match(GUID);
  if (found) throw new Error(`${where} shows an id where a name belongs: ${found[0]}`);
}

async function walk(page) {
  await page.goto(`http://127.0.0.1:${PLAYGROUND_PORT}`, { waitUntil: "networkidle" });
  const chat = page.locator("main, [role=main]").first();

  await step(page, "language-in-personal-chat", async () => {
    await page.getByLabel("Personal Chat").click();
    await sayPersonal(page, "språk");
    await until(page.getByRole("button", { name: "Svenska" }), "the language card");
    await clickSending(page, page.getByRole("button", { name: "Svenska" }).last(), "Svenska");
    await until(page.getByText("Jag svarar dig på svenska"), "the chosen language in place of the card");
  });

  await step(page, "help-in-the-channel", async () => {
    await page.getByLabel("My Team - General").click();
    await page.waitForTimeout(500);
    const thread = await post(page, "hjälp");
    await until(thread.getByText("Det här kan jag"), "the help card");
    await clickSending(page, thread.getByRole("button", { name: "Processen steg för steg" }), "the manual").catch(() => {});
    await until(thread.getByText("Nulägesanalys", { exact: false }), "the process manual");
  });

  let key = "";
  await step(page, "register-a-delprojekt", async () => {
    const thread = await post(page, "ny");
    await until(thread.getByText("Nytt delprojekt"), "the initiation form");
    await thread.getByLabel("Titel").fill("Gemensam jourlinje för barnortopedi");
    await thread.getByLabel("Bakgrund och problem").fill("Barn med frakturer väntar olika länge i regionerna.");
    await thread.getByLabel("Syfte och mål").fill("En gemensam jourlinje dygnet runt för hela sjukvårdsregionen.");
    await thread.getByLabel("Patientnytta").fill("Kortare väntan och samma bedömning oavsett var barnet bor.");
    await thread.getByRole("checkbox", { name: "Region Skåne" }).first().check();
    await thread.getByRole("checkbox", { name: "Region Blekinge" }).first().check();
    await thread.getByRole("checkbox", { name: "Kunskapsstyrning" }).first().check();
    await page.screenshot({ path: path.join(SCREENSHOTS, `${String(stepNumber).padStart(2, "0")}-register-filled.png`) });
    await clickSending(page, thread.getByRole("button", { name: "Registrera delprojektet" }), "Registrera");
    await until(thread.getByText("är registrerat"), "the registered delprojekt in place of the form");
    const text = await thread.innerText();
    key = (text.match(/SBV-\d{4}-\d{2}/) || [""])[0];
    if (!key) throw new Error("no delprojekt key shown");
    if (await thread.getByRole("button", { name: "Registrera delprojektet" }).count()) {
      throw new Error("the initiation form is still there to be pressed again");
    }
    return thread;
  });

  let members;
  await step(page, "arbetsgrupp-pick-from-the-channel", async () => {
    const thread = await post(page, "arbetsgrupp");
    members = thread;
    await until(thread.getByText("Arbetsgruppen för"), "the arbetsgrupp card");
    await choose(page, thread, "Person i kanalen", "Megan Bowen");
    await choose(page, thread, "Roll", "Ordförande");
    await choose(page, thread, "Region", "Region Skåne");
    await clickSending(page, thread.getByRole("button", { name: "Lägg till i arbetsgruppen" }), "Lägg till");
    await until(thread.getByText("Megan Bowen har lagts till"), "the added member in place of the form");
    await noGuids(thread, "the arbetsgrupp card");
    return thread;
  });

  await step(page, "arbetsgrupp-someone-outside-teams", async () => {
    const thread = members;
    await thread.getByRole("button", { name: "Lägg till en person" }).click();
    await thread.getByLabel("Namn (person utanför Teams)").fill("Per Persson");
    await thread.getByLabel("Organisation").fill("PRO Blekinge");
    await choose(page, thread, "Roll", "Patientrepresentant");
    await choose(page, thread, "Region", "Region Blekinge");
    await clickSending(page, thread.getByRole("button", { name: "Lägg till i arbetsgruppen" }), "Lägg till");
    await until(thread.getByText("Per Persson har lagts till"), "the second member in place of the form");
    await noGuids(thread, "the arbetsgrupp card");
    return thread;
  });

  await step(page, "checklist-answer-and-save", async () => {
    const thread = await post(page, "checklista");
    await until(thread.getByText("Checklista för"), "the checklist card");
    // Two answers, one Save for the card: both are saved with one press.
    for (const question of ["Uppfyller idén kriterierna för att bli ett delprojekt?", KUNSKAPSSTYRNING_QUESTION]) {
      const item = thread.locator(".ac-container").filter({ hasText: question }).filter({ has: page.getByRole("radio", { name: "Ja" }) }).last();
      await item.getByRole("radio", { name: "Ja" }).first().check();
    }
    await clickSending(page, thread.getByRole("button", { name: "Spara svaren" }).first(), "Spara svaren");
    await until(thread.getByText("2 svar har sparats.", { exact: false }), "both answers saved with one press");
    await until(thread.getByText("✔", { exact: false }).first(), "the items marked answered");
    return thread;
  });

  let minutes;
  await step(page, "minutes-attendance-and-agenda", async () => {
    minutes = await post(page, "anteckning");
    await until(minutes.getByText("Minnesanteckningar SBV-"), "the minutes card");
    await minutes.getByRole("button", { name: "Närvaro och dagordning" }).click();
    await minutes.getByLabel("Plats / Teams").fill("Teams-möte");
    await minutes.getByRole("checkbox", { name: "Megan Bowen" }).first().check();
    await minutes.getByLabel("Dagordning (en punkt per rad)").fill("1. Nulägesbild\n2. Vägval för jourlinjen");
    await choose(page, minutes, "Justerare", "Megan Bowen");
    await clickSending(page, minutes.getByRole("button", { name: "Spara", exact: true }).last(), "Spara närvaro");
    await until(minutes.getByText("Närvarande: Megan Bowen"), "the attendance on the minutes card");
    const text = await minutes.innerText();
    if (text.includes("1. 1.")) throw new Error("the agenda is numbered twice");
    await noGuids(minutes, "the minutes card");
    return minutes;
  });

  async function addEntry(kind, fill, expected) {
    await minutes.getByRole("button", { name: "Lägg till", exact: true }).first().click();
    await choose(page, minutes, "Typ av anteckning", kind);
    await fill();
    await clickSending(page, minutes.getByRole("button", { name: "Lägg till", exact: true }).last(), `Lägg till ${kind}`);
    await until(minutes.getByText(expected, { exact: false }), `the ${kind} on the minutes card`);
  }

  await step(page, "minutes-beslut", async () => {
    await addEntry("Beslut", async () => {
      await minutes.getByLabel("Vad").fill("Arbetsgruppen föreslår en gemensam jourlinje för barnortopedi.");
    }, "gemensam jourlinje för barnortopedi");
    return minutes;
  });

  await step(page, "minutes-vagval", async () => {
    await addEntry("Vägval", async () => {
      await minutes.getByLabel("Vad").fill("Jourlinjen bemannas från Skåne och Blekinge växelvis.");
      await minutes.getByLabel("Alternativ som övervägdes").fill("En region bär hela jouren; ingen gemensam jour.");
      await minutes.getByLabel("Skäl").fill("Delad belastning och kompetens i båda regionerna.");
    }, "växelvis");
    return minutes;
  });

  await step(page, "minutes-atgard", async () => {
    await addEntry("Åtgärd", async () => {
      await minutes.getByLabel("Vad").fill("Ta fram schema för jourlinjen.");
      await choose(page, minutes, "Ansvarig i arbetsgruppen", "Megan Bowen");
    }, "Ta fram schema");
    await until(minutes.getByText("Ansvarig: Megan Bowen", { exact: false }), "the action item's owner by name");
    await noGuids(minutes, "the minutes card");
    return minutes;
  });

  await step(page, "minutes-approve", async () => {
    await clickSending(page, minutes.getByRole("button", { name: "Justera", exact: true }), "Justera");
    await until(minutes.getByText("Justerat av", { exact: false }), "the approval on the minutes card");
    return minutes;
  });

  await step(page, "slutrapport-in-the-channel-and-download", async () => {
    const thread = await post(page, "rapport");
    await until(thread.getByText("Slutrapport:", { exact: false }), "the report card in the channel thread", 40);
    const button = thread.getByRole("button", { name: "Ladda ner (Word)" }).or(thread.getByRole("link", { name: "Ladda ner (Word)" })).or(thread.getByText("Ladda ner (Word)"));
    await until(button, "the download button");
    // Action.OpenUrl: the playground calls window.open; the file arrives as a download, in a new
    // tab or (headless Chromium) on the page itself.
    const download = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("clicking the download button gave no file")), 15_000);
      const got = (file) => {
        clearTimeout(timer);
        resolve(file);
      };
      page.once("download", got);
      page.context().once("page", (tab) => tab.once("download", got));
    });
    await button.first().click();
    const downloaded = await download;
    const file = path.join(SCREENSHOTS, downloaded.suggestedFilename());
    await downloaded.saveAs(file);
    const head = fs.readFileSync(file).subarray(0, 2).toString("latin1");
    if (!downloaded.suggestedFilename().endsWith(".docx") || head !== "PK") {
      throw new Error(`the download is not a Word file: ${downloaded.suggestedFilename()}`);
    }
    await noGuids(thread, "the report card");
    return thread;
  });

  await step(page, "reminder-setting-saved", async () => {
    const thread = await post(page, "påminnelser");
    await until(thread.getByText("Påminnelser för SBV-", { exact: false }), "the reminders card");
    const rule = thread.getByRole("checkbox").first();
    const name = await rule.getAttribute("aria-label");
    await rule.uncheck();
    await clickSending(page, thread.getByRole("button", { name: "Spara inställningarna" }), "Spara inställningarna");
    await until(thread.getByText("Sparat av Alex Wilber", { exact: false }), "the saved settings in place of the form");
    if (await thread.getByRole("button", { name: "Spara inställningarna" }).count()) {
      throw new Error("the saved reminder form is still there to be pressed again");
    }
    const text = await thread.innerText();
    if (name && !new RegExp(`${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s+av\\b`, "i").test(text)) {
      throw new Error(`the switched-off rule "${name}" is not shown as off`);
    }
    return thread;
  });

  await step(page, "status", async () => {
    const thread = await post(page, "status");
    await until(thread.getByText("Steg 1 av", { exact: false }), "the status card");
    await thread.getByRole("button", { name: "Hela processen" }).click();
    await until(thread.getByText("Önskat datum för slutrapport"), "the whole path one tap away");
    return thread;
  });

  await step(page, "anchoring-recorded", async () => {
    const thread = await post(page, "förankring");
    await until(thread.getByText("Förankring i regionerna för", { exact: false }), "the anchoring card");
    await thread.getByRole("button", { name: "Registrera förankring" }).click();
    await choose(page, thread, "Region", "Region Blekinge");
    await choose(page, thread, "Forum", "Chefsamråd");
    await thread.getByLabel("Datum").last().fill(new Date().toISOString().slice(0, 10));
    await thread.getByLabel("Med vem (namn, grupp eller möte)").fill("Chefsamrådet för ortopedi");
    await thread.getByRole("radio", { name: "Förankrat med synpunkter" }).check();
    await thread.getByLabel("Synpunkter", { exact: true }).fill("Vill se bemanningsplanen.");
    await clickSending(page, thread.getByRole("button", { name: "Spara förankringen" }), "Spara förankringen");
    await until(thread.getByText("Förankringen i Region Blekinge", { exact: false }), "the saved anchoring on the card");
    await until(thread.getByText("Förankrat med synpunkter", { exact: false }), "the new entry in the log");
    return thread;
  });

  await step(page, "change-log-and-overview", async () => {
    const log = await post(page, "logg");
    await until(log.getByText("Ändringslogg för", { exact: false }), "the change log");
    const text = await log.innerText();
    if (text.includes("{") || text.includes("_")) throw new Error(`the log shows a placeholder or an id: ${text.slice(0, 300)}`);
    await noGuids(log, "the change log");
    const overview = await post(page, "översikt");
    await until(overview.getByText("ordf. Megan Bowen", { exact: false }), "the chair by name in the overview");
    await noGuids(overview, "the overview");
    return log;
  });
}

// A compact Input.ChoiceSet (a Fluent combobox in the playground): open it with its chevron, as a
// person does, and pick the option from the list that opens.
async function choose(page, scope, label, option) {
  const combobox = scope.getByRole("combobox", { name: label }).first();
  const chevron = scope.getByRole("button", { name: label, exact: false }).filter({ has: page.locator("svg") });
  await ((await chevron.count()) ? chevron.first() : combobox).click();
  // The list this combobox opened (it names it in aria-controls); lists of earlier cards can
  // linger in the page after a card is redrawn.
  const controls = await combobox.getAttribute("aria-controls");
  const listbox = controls ? page.locator(`[id="${controls}"]`) : page.locator('[role="listbox"]:visible').last();
  const item = listbox.getByRole("option", { name: option, exact: false });
  await until(item, `the option "${option}" of "${label}"`, 5);
  await item.first().click();
  await page.waitForTimeout(150);
}

async function main() {
  fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "samarbete-walk-"));
  fs.writeFileSync(path.join(workDir, "none.env"), "");
  let browser;
  BOT_PORT ||= await freePort();
  PLAYGROUND_PORT ||= await freePort();
  try {
    await startService(workDir);
    await startPlayground();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    // The page asks a CDN for fonts: nothing leaves this machine.
    await context.route("**/*", (route) => {
      const host = new URL(route.request().url()).hostname;
      return ["127.0.0.1", "localhost"].includes(host) ? route.continue() : route.abort();
    });
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_SECONDS * 1000);
    watch(page);
    await walk(page);
  } finally {
    if (browser) await browser.close();
    stopChildren();
  }
  currentStep = "cards";
  const before = failures.length;
  for (const { step: where, card } of cards) {
    for (const problem of cardProblems(card)) fail(`${where}: the official parser rejects a card: ${problem}`);
  }
  if (!cards.length) fail("no card was seen at all");
  if (failures.length !== before) failedSteps.add("cards");
  console.log(`${cards.length} cards checked with the official Adaptive Cards parser; screenshots in ${SCREENSHOTS}`);
  // The plain closing line CI reads: the steps and the card check, passed and failed.
  const checks = stepNumber + 1;
  const failed = failures.length ? Math.max(failedSteps.size, 1) : 0;
  console.log(`browser: ${checks - failed} passed, ${failed} failed`);
  if (failures.length) process.exit(1);
}

main().catch((error) => {
  console.error(error);
  stopChildren();
  process.exit(1);
});

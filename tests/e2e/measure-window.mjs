// Does the window wait? Prints figures; asserts nothing (timing is never a test here: the
// machine is shared and noisy, so every figure is given beside a reference taken in the
// same run). Four parts, each a row of docs/PERFORMANCE.md:
//
//   long    A screen read (`register_page`) and an autosave (`save_contract`) fired 20 ms
//           into each long command, through the real window: adding a 300 MB evidence
//           file, checking the seal of a report holding it, its PDF pack, its submission
//           file. Prints how long each call took to answer, and the longest the window
//           went without painting a frame meanwhile.
//   startup Start to a usable first screen (the register) with 1,000 and 10,000
//           contracts, beside the minimal Tauri window built from tests/hello, timed
//           whole-process by hyperfine (`CMM_EXIT_WHEN_READY` / `HELLO_EXIT_WHEN_READY`
//           make each exit once its first screen is painted), in interleaved rounds.
//   ingest  Adding a 500 MB evidence file, hash included, beside `sha256sum` of the same
//           file, in turn; and the peak memory the app added meanwhile (VmHWM, reset
//           first through /proc/PID/clear_refs).
//   memory  The app settled on a 1,000-contract register, beside the hello window: the
//           proportional set size (PSS) of the process and its WebKit processes.
//
// Build first: `cargo build --release -p cmm-app -p cmm-cli -p cmm-hello` (with `ui/dist`
// built). Then, in tests/e2e:
//
//   NO_AT_BRIDGE=1 DBUS_SESSION_BUS_ADDRESS=unix:path=/dev/null \
//     xvfb-run -a -s "-screen 0 1600x1000x24" node measure-window.mjs [PART...]
//
// CMM_APP_BINARY picks another app binary (for a "before" build); `cmm` is taken from
// beside it, and the hello window from target/release. hyperfine is used from PATH, or
// installed once into target/tools (`cargo install hyperfine@1.20.0 --locked`: 1.20 is the newest that builds with Rust 1.95).
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { CMM_BINARY, startApp, startDriver, stopDriver, useFakeDialogs, waitForText } from "./harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const APP = process.env.CMM_APP_BINARY ?? path.join(root, "target", "release", "contract-maturity");
const CMM = process.env.CMM_APP_BINARY ? CMM_BINARY : path.join(root, "target", "release", "cmm");
const HELLO = process.env.CMM_HELLO_BINARY ?? path.join(root, "target", "release", "cmm-hello");
const parts = process.argv.slice(2).length ? process.argv.slice(2) : ["long", "startup", "ingest", "memory"];
const ROUNDS = Number(process.env.CMM_MEASURE_ROUNDS ?? 5);
const MB = 1_000_000;

const work = mkdtempSync(path.join(os.tmpdir(), "cmm-measure-window-"));
const answer = useFakeDialogs(work);
// The app is started by WebKitWebDriver, which gives it tauri-driver's environment; the
// harness picked its binary when it was imported, so it is named at each start here.
process.env.CMM_APP_BINARY = APP;

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stderr}`);
  return r.stdout;
}

/** A file of `bytes` pseudo-random bytes (so nothing compresses it or finds it stored). */
function bigFile(name, bytes) {
  const file = path.join(work, name);
  execFileSync("sh", ["-c", `head -c ${bytes} /dev/urandom > '${file}'`]);
  return file;
}

/** A data file of `contracts` contracts (with reports, reviews and actions), made once. */
function programme(contracts) {
  const db = path.join(work, `programme-${contracts}.sqlite3`);
  if (!existsSync(db)) {
    run(CMM, ["--db", db, "load-programme", "--contracts", String(contracts), "--reports", String(contracts * 3)]);
  }
  return db;
}

/** Waits until no app is running on `db` (a window closing after its session ended). */
async function closed(db) {
  for (let i = 0; i < 200; i++) {
    try {
      pidOf(db);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the app on ${db} did not close`);
}

/** Starts the app on `db` once and answers "who is using the app", then closes it. */
async function introduced(db) {
  const b = await startApp(db, { application: APP });
  await waitForText(b, "h1", "Welcome", 60_000);
  await invoke(b, "save_app_user", { input: { name: "Measure", role: "contract_owner" } });
  await b.deleteSession();
  await closed(db);
}

/** Calls commands inside the window, as the window's own code does. */
function invoke(browser, cmd, args = {}) {
  return browser.executeAsync(
    (cmd, args, done) =>
      window.__TAURI_INTERNALS__.invoke(cmd, args).then(
        (v) => done({ ok: v }),
        (e) => done({ err: e }),
      ),
    cmd,
    args,
  );
}

/** Calls a command inside the window; throws its error. */
async function must(browser, cmd, args) {
  const r = await invoke(browser, cmd, args);
  if (r.err) throw new Error(`${cmd}: ${JSON.stringify(r.err)}`);
  return r.ok;
}

/**
 * Starts the app on a new data file ready for large evidence: a user, a limit of 900 MB a
 * file, one contract. Returns the browser and the contract.
 */
async function freshApp(db) {
  const browser = await startApp(db, { application: APP });
  await waitForText(browser, "h1", "Welcome");
  await must(browser, "save_app_user", { input: { name: "Measure", role: "contract_owner" } });
  await must(browser, "set_evidence_limit", { limitMb: "900" });
  const contract = await must(browser, "save_contract", { contractId: null, draftId: null, input: CONTRACT });
  return { browser, contract };
}

const CONTRACT = {
  name: "Home to school transport",
  reference: "M-1",
  contractor_legal_name: "Provider Ltd",
  award_date: "2019-04-01",
  expiry_date: "2027-03-31",
  contract_owner: "A. Owner",
  current_year_value: "125000",
};

/**
 * Starts `cmd` in the window, and 20 ms later a screen read and then an autosave; returns
 * how long each took to answer, how long the long command took, and the longest gap
 * between two painted frames while it ran.
 */
function during(browser, cmd, args, contractId) {
  return browser.executeAsync(
    (cmd, args, contractId, contract, done) => {
      const invoke = window.__TAURI_INTERNALS__.invoke;
      let longest = 0;
      let last = performance.now();
      let running = true;
      const frame = (t) => {
        longest = Math.max(longest, t - last);
        last = t;
        if (running) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
      const t0 = performance.now();
      const long = invoke(cmd, args).then(
        () => performance.now() - t0,
        (e) => `failed: ${JSON.stringify(e)}`,
      );
      setTimeout(async () => {
        const t1 = performance.now();
        await invoke("register_page", { offset: 0, limit: 50, search: "" });
        const read = performance.now() - t1;
        const t2 = performance.now();
        await invoke("save_contract", {
          contractId,
          draftId: null,
          input: { ...contract, name: `Home to school transport ${t2}` },
        });
        const save = performance.now() - t2;
        const took = await long;
        running = false;
        done({ read, save, took, longest });
      }, 20);
    },
    cmd,
    args,
    contractId,
    CONTRACT,
  );
}

async function longCommands() {
  const db = path.join(work, "long.sqlite3");
  const evidence = bigFile("minutes (300 MB).pdf", 300 * MB);
  const { browser, contract } = await freshApp(db);
  const rows = [];
  try {
    const newReport = () =>
      must(browser, "create_report", {
        input: { title: "", meeting_date: "2027-01-14", contract_ids: [contract.id], previous_report_id: null },
      });
    const signed = await newReport();
    const target = { kind: "activity", activity: 1 };

    answer(evidence);
    rows.push(["add a 300 MB evidence file", await during(browser, "add_evidence", { reportId: signed, target, description: "" }, contract.id)]);
    await must(browser, "save_attestation", {
      reportId: signed,
      input: { owner_name: "A. Owner", position: "Director", owner_since: "2015-04-01", choices: [0, 0, 0, 0, 0, 0, 0] },
    });
    await must(browser, "sign_report", { reportId: signed });
    rows.push(["check the seal (300 MB of evidence)", await during(browser, "verify_report", { reportId: signed }, contract.id)]);
    answer(path.join(work, "pack.pdf"));
    rows.push(["export the PDF review pack", await during(browser, "export_pack", { reportId: signed, marking: "official" }, contract.id)]);
    answer(path.join(work, "submission.cmmr"));
    rows.push(["export the submission file (300 MB)", await during(browser, "export_submission", { reportId: signed }, contract.id)]);
  } finally {
    await browser.deleteSession();
  }
  console.log(`\n## A screen read and an autosave fired 20 ms into each long command (${APP})\n`);
  console.log("| long command | it took | screen read answered in | autosave answered in | longest without a frame |");
  console.log("|---|---|---|---|---|");
  const ms = (v) => (typeof v === "number" ? `${v.toFixed(0)} ms` : v);
  for (const [what, r] of rows) console.log(`| ${what} | ${ms(r.took)} | ${ms(r.read)} | ${ms(r.save)} | ${ms(r.longest)} |`);
}

/** hyperfine from PATH, or built once into target/tools. */
function hyperfine() {
  const onPath = spawnSync("sh", ["-c", "command -v hyperfine"], { encoding: "utf8" }).stdout.trim();
  if (onPath) return onPath;
  const local = path.join(root, "target", "tools", "bin", "hyperfine");
  if (!existsSync(local)) run("cargo", ["install", "hyperfine@1.20.0", "--locked", "--root", path.join(root, "target", "tools")]);
  return local;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function startup() {
  const dbs = { 1000: programme(1000), 10000: programme(10000) };
  // The first start on a new file asks who is using the app: answer it once, and let the
  // day's backup be taken, as an officer's first start of the day would.
  for (const db of Object.values(dbs)) await introduced(db);
  const bin = hyperfine();
  const commands = [
    ["hello", `HELLO_EXIT_WHEN_READY=1 '${HELLO}'`],
    ["1,000 contracts", `CMM_EXIT_WHEN_READY=1 '${APP}' --db '${dbs[1000]}'`],
    ["10,000 contracts", `CMM_EXIT_WHEN_READY=1 '${APP}' --db '${dbs[10000]}'`],
  ];
  const times = Object.fromEntries(commands.map(([name]) => [name, []]));
  const failed = [];
  const json = path.join(work, "hyperfine.json");
  for (let round = 0; round < ROUNDS; round++) {
    // A start that fails is counted and said, not timed (`-i`), so one bad start does not
    // lose the round.
    run(bin, ["-i", "--warmup", "1", "--runs", "3", "--export-json", json, ...commands.map(([, c]) => c)]);
    const results = JSON.parse(readFileSync(json, "utf8")).results;
    results.forEach((r, i) => {
      r.times.forEach((t, k) => {
        if (r.exit_codes[k] === 0) times[commands[i][0]].push(t * 1000);
        else failed.push(`${commands[i][0]}: exit code ${r.exit_codes[k]}`);
      });
    });
  }
  const hello = median(times.hello);
  console.log(`\n## Start to a usable first screen (hyperfine, ${ROUNDS} interleaved rounds of 3 runs each)\n`);
  console.log("| window | median | ratio to hello |");
  console.log("|---|---|---|");
  for (const [name] of commands) {
    const m = median(times[name]);
    console.log(`| ${name} | ${m.toFixed(0)} ms | ${(m / hello).toFixed(2)}× |`);
  }
  if (failed.length) console.log(`\n${failed.length} start(s) failed and are not timed: ${failed.join("; ")}`);
  startupMoments(commands);
}

/**
 * Where each start's time goes, as the app logs it when its first screen is ready: the
 * moments its window's script saw, in ms after the process started (median of 5 starts).
 */
function startupMoments(commands) {
  console.log("\n### Where the time goes (the app's own log, median of 5 starts, ms after start)\n");
  for (const [name, command] of commands) {
    const moments = new Map();
    for (let i = 0; i < 5; i++) {
      const out = spawnSync("sh", ["-c", command], { encoding: "utf8" }).stdout;
      const line = out.split("\n").find((l) => l.includes("first screen ready"));
      const m = line?.match(/ready (\d+) ms after start \(ms after start: (.*)\)/);
      if (!m) continue;
      for (const part of m[2].split(", ")) {
        const at = part.lastIndexOf(" ");
        const key = part.slice(0, at);
        moments.set(key, [...(moments.get(key) ?? []), Number(part.slice(at + 1))]);
      }
      moments.set("ready", [...(moments.get("ready") ?? []), Number(m[1])]);
    }
    const told = [...moments].map(([k, v]) => [k, median(v)]).sort((a, b) => a[1] - b[1]);
    console.log(`- ${name}: ${told.map(([k, v]) => `${k} ${v.toFixed(0)}`).join(", ")}`);
  }
}

/** The process whose command line names `needle` (the app, started by WebKitWebDriver). */
function pidOf(needle) {
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (cmd.includes(needle) && cmd.startsWith(APP)) return Number(pid);
    } catch {
      // Gone already.
    }
  }
  throw new Error(`no app process for ${needle}`);
}

function status(pid, field) {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${field}:`));
  return Number(line.split(/\s+/)[1]) / 1024; // MiB
}

async function ingest() {
  const db = path.join(work, "ingest.sqlite3");
  const file = bigFile("survey (500 MB).pdf", 500 * MB);
  const { browser, contract } = await freshApp(db);
  const rows = [];
  try {
    const pid = pidOf(db);
    for (let round = 0; round < 3; round++) {
      const report = await must(browser, "create_report", {
        input: { title: "", meeting_date: "", contract_ids: [contract.id], previous_report_id: null },
      });
      // A new copy each round, so none is found already stored.
      execFileSync("sh", ["-c", `printf '%08d' ${round} | dd of='${file}' bs=1 seek=0 conv=notrunc status=none`]);
      // The round before left a gigabyte (journal and file) for the system to write out:
      // written out first, so that it does not fall into this round's timing.
      execFileSync("sync");
      const t0 = performance.now();
      run("sha256sum", [file]);
      const sha = performance.now() - t0;
      const before = status(pid, "VmRSS");
      writeFileSync(`/proc/${pid}/clear_refs`, "5"); // resets VmHWM to the present RSS
      answer(file);
      const t1 = performance.now();
      await must(browser, "add_evidence", { reportId: report, target: { kind: "activity", activity: 1 }, description: "" });
      const took = performance.now() - t1;
      rows.push({ app: (500 * MB) / MB / (took / 1000), sha: (500 * MB) / MB / (sha / 1000), added: status(pid, "VmHWM") - before });
    }
  } finally {
    await browser.deleteSession();
  }
  console.log(`\n## Adding a 500 MB evidence file, hash included, beside sha256sum (3 rounds in turn)\n`);
  console.log("| round | app MB/s | sha256sum MB/s | ratio | peak memory added |");
  console.log("|---|---|---|---|---|");
  rows.forEach((r, i) =>
    console.log(`| ${i + 1} | ${r.app.toFixed(0)} | ${r.sha.toFixed(0)} | ${(r.app / r.sha).toFixed(2)} | +${r.added.toFixed(1)} MiB |`),
  );
}

/** PSS of `pid` and every process below it, in MiB. */
function pssTree(pid) {
  const children = new Map();
  for (const p of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(p)]);
    } catch {
      // Gone already.
    }
  }
  let total = 0;
  const visit = (p) => {
    try {
      const line = readFileSync(`/proc/${p}/smaps_rollup`, "utf8")
        .split("\n")
        .find((l) => l.startsWith("Pss:"));
      total += Number(line.split(/\s+/)[1]) / 1024;
    } catch {
      // Gone already.
    }
    for (const c of children.get(p) ?? []) visit(c);
  };
  visit(pid);
  return total;
}

async function settledPss(cmd, args, env) {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: "ignore" });
  await new Promise((r) => setTimeout(r, 8000));
  const pss = pssTree(child.pid);
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
  return pss;
}

async function memory() {
  const fresh = !existsSync(path.join(work, "programme-1000.sqlite3"));
  const db = programme(1000);
  // Answer "who is using the app" once, so the app settles on the register.
  if (fresh) await introduced(db);
  const app = [];
  const hello = [];
  for (let round = 0; round < 3; round++) {
    hello.push(await settledPss(HELLO, [], {}));
    app.push(await settledPss(APP, ["--db", db], {}));
  }
  console.log(`\n## Memory, settled 8 s after start: PSS of the process and its WebKit processes (3 rounds in turn)\n`);
  console.log("| window | median PSS | ratio to hello |");
  console.log("|---|---|---|");
  console.log(`| hello | ${median(hello).toFixed(1)} MiB | 1.00× |`);
  console.log(`| the app, 1,000-contract register | ${median(app).toFixed(1)} MiB | ${(median(app) / median(hello)).toFixed(2)}× |`);
}

const driver = await startDriver();
try {
  for (const part of parts) {
    if (part === "long") await longCommands();
    else if (part === "startup") await startup();
    else if (part === "ingest") await ingest();
    else if (part === "memory") await memory();
    else throw new Error(`unknown part ${part}: long, startup, ingest or memory`);
  }
} finally {
  await stopDriver(driver);
  rmSync(work, { recursive: true, force: true });
}

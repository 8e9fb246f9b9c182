//! Prints how long the store takes for what a person waits on: opening the database
//! (first run, with a backup, and the everyday case), saving a contract, and listing the
//! register. Run: `cargo run -p cmm-core --release --bin cmm-bench [CONTRACTS]`.
//!
//! `cmm-bench evidence [MB]` (default 500) instead adds one file of that size as evidence
//! and prints the ingest rate and the process's peak memory, then the time to check the
//! seal (which re-reads every evidence byte) and to export the submission file.
//!
//! `cmm-bench programme [CONTRACTS] [REPORTS] [KEEP.sqlite3]` (default 10,000 and
//! 30,000) generates a council-sized programme and times the portfolio heatmap, the
//! priority list, the register and the reports list; with a path it keeps the database
//! (start the app or `cmm` with `CMM_DB_PATH` set to it) to try the screens.

use cmm_core::contracts::ContractInput;
use cmm_core::Store;
use std::time::{Duration, Instant};

fn input(n: usize) -> ContractInput {
    ContractInput {
        name: format!("Contract number {n} for adult social care services in Kent"),
        reference: format!("KCC-{n:05}"),
        contractor_legal_name: format!("Provider {n} Limited"),
        contractor_trading_name: format!("Provider {n}"),
        contractor_construct: "Prime contractor with subcontractors".into(),
        award_date: "2018-04-01".into(),
        start_date: "2018-05-01".into(),
        expiry_date: "2026-03-31".into(),
        whole_life_cost_nominal: format!("{}", 1_000_000 + n * 1_000),
        whole_life_cost_npv: format!("{}.50", 900_000 + n * 900),
        current_year_value: format!("{}", 100_000 + n * 100),
        scope: "Residential and nursing care across the county. ".repeat(8),
        service_area: "Adult Social Care and Health".into(),
        contract_owner: "A. Owner".into(),
        contract_manager: "B. Manager".into(),
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn peak_rss_kib() -> Option<u64> {
    std::fs::read_to_string("/proc/self/status")
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// A file of `mb` megabytes of noise (so nothing can shortcut it), written a chunk at a time.
fn noise_file(path: &std::path::Path, mb: u64) -> std::io::Result<()> {
    use std::io::Write;
    let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut x = 0x2545_f491_4f6c_dd1du64;
    let mut chunk = vec![0u8; 1_000_000];
    for _ in 0..mb {
        for b in chunk.chunks_mut(8) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            b.copy_from_slice(&x.to_le_bytes()[..b.len()]);
        }
        f.write_all(&chunk)?;
    }
    f.flush()
}

fn evidence_bench(mb: u64) -> cmm_core::Result<()> {
    let dir = std::env::temp_dir().join(format!("cmm-bench-ev-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("evidence.bin");
    noise_file(&file, mb)?;
    let mut store = Store::open(&dir.join("bench.sqlite3"))?;
    store.set_evidence_limit_mb(cmm_core::reports::evidence::MAX_LIMIT_MB as i64)?;
    let c = store.save_contract(None, None, &input(1))?;
    let id = store.create_report(&cmm_core::reports::NewReportInput {
        contract_ids: vec![c.id],
        ..Default::default()
    })?;
    store.save_attestation(id, &cmm_core::fixtures::attestation_input())?;
    // The file read and hashed alone, as the reference for the ingest rate, in parts as
    // the ingest reads it. Not `hash_reader` (1 MiB reads): with this 4 MiB buffer freed
    // first, glibc serves the 4 MiB copies SQLite makes of each part from its heap rather
    // than a fresh mapping each time, and the ingest measures 15% faster (see
    // docs/PERFORMANCE.md): kept so, so the figures stay comparable.
    let t = Instant::now();
    {
        use std::io::Read;
        let mut f = std::fs::File::open(&file)?;
        let mut buf = vec![0u8; cmm_core::reports::evidence::PART];
        let mut hash = cmm_core::reports::evidence::HashingWriter::new(std::io::sink());
        loop {
            let n = f.read(&mut buf)?;
            if n == 0 {
                break;
            }
            std::io::Write::write_all(&mut hash, &buf[..n])?;
        }
        std::hint::black_box(hash.finish());
    }
    let hash_only = t.elapsed();
    // As the window adds it: on a second writing connection with a small cache.
    let mut bulk = store.bulk_writer()?.expect("a file on disk");
    let before = peak_rss_kib().unwrap_or(0);
    let t = Instant::now();
    bulk.add_evidence(
        id,
        &cmm_core::reports::evidence::EvidenceTarget::Activity { activity: 1 },
        std::slice::from_ref(&file),
        "",
    )?;
    let ingest = t.elapsed();
    let after = peak_rss_kib().unwrap_or(0);
    drop(bulk);
    let t = Instant::now();
    store.sign_report(id)?;
    let sign = t.elapsed();
    let t = Instant::now();
    store.export_submission(id, &dir.join("out.cmmsub"))?;
    let export = t.elapsed();
    let row = |label: &str, value: String| println!("  {label:<44}{value}");
    println!("cmm-bench evidence: one {mb} MB file");
    row(
        "read and hash the file alone",
        format!(
            "{:.2} s = {:.0} MB/s",
            hash_only.as_secs_f64(),
            mb as f64 / hash_only.as_secs_f64()
        ),
    );
    row(
        "add as evidence (hashed as its parts go in)",
        format!(
            "{:.2} s = {:.0} MB/s",
            ingest.as_secs_f64(),
            mb as f64 / ingest.as_secs_f64()
        ),
    );
    row(
        "peak memory (RSS) before / after adding",
        format!("{} MiB / {} MiB", before / 1024, after / 1024),
    );
    row(
        "sign (seal; reads no evidence)",
        format!("{:.2} s", sign.as_secs_f64()),
    );
    row(
        "export the submission file",
        format!("{:.2} s", export.as_secs_f64()),
    );
    drop(store);
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

/// The programme at the scale of a large council: `contracts` on the register and
/// `reports` maturity reports spread over them (one in six reviewed by the group), made by
/// `cmm_core::fixtures::generate`, then the queries the programme and portfolio screens make.
fn programme_bench(contracts: usize, reports: usize, keep: Option<&str>) -> cmm_core::Result<()> {
    use cmm_core::programme::portfolio::{
        PortfolioFilter, PortfolioQuery, PortfolioSort, ValueBand,
    };
    let dir = std::env::temp_dir().join(format!("cmm-bench-programme-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = match keep {
        Some(p) => std::path::PathBuf::from(p),
        None => dir.join("programme.sqlite3"),
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
    let mut store = Store::open(&path)?;
    let t = Instant::now();
    let made = cmm_core::fixtures::generate::programme(
        &mut store,
        cmm_core::fixtures::generate::Scale {
            contracts,
            reports,
            ..Default::default()
        },
        today,
    )?;
    let generate = t.elapsed();
    let time = |f: &mut dyn FnMut() -> cmm_core::Result<usize>| -> cmm_core::Result<(f64, usize)> {
        f()?; // warm the page cache
        let runs = 5;
        let t = Instant::now();
        let mut n = 0;
        for _ in 0..runs {
            n = f()?;
        }
        Ok((t.elapsed().as_secs_f64() * 1e3 / runs as f64, n))
    };
    // As the portfolio screen asks: 50 heatmap rows and 20 contracts ending soon a page.
    let everything = PortfolioQuery {
        limit: 50,
        expiring_limit: 20,
        ..Default::default()
    };
    let filtered = PortfolioQuery {
        filter: PortfolioFilter {
            service_area: "Highways".into(),
            value_band: Some(ValueBand::From1mTo10m),
            from: "2024-01-01".into(),
            to: "2026-11-22".into(),
        },
        sort: PortfolioSort::Weakest,
        ..Default::default()
    };
    // Cold: what opening the screen costs after any change to the database.
    let (heatmap_cold, nh) = time(&mut || {
        store.forget_portfolio();
        Ok(store.portfolio(&everything, today)?.assessed as usize)
    })?;
    // Warm: a new filter, sort or page with nothing changed.
    let (heatmap, _) = time(&mut || Ok(store.portfolio(&everything, today)?.assessed as usize))?;
    let (heatmap_f, nf) = time(&mut || Ok(store.portfolio(&filtered, today)?.assessed as usize))?;
    // What the window is sent for the portfolio screen, as JSON.
    let answer = serde_json::to_vec(&store.portfolio(&everything, today)?)?.len();
    let (priority, np) = time(&mut || Ok(store.priority_list(today)?.len()))?;
    let (priority_page, _) = time(&mut || Ok(store.priority_page(today, 0, 50, "")?.rows.len()))?;
    let priority_answer = serde_json::to_vec(&store.priority_page(today, 0, 50, "")?)?.len();
    let (register, nr) = time(&mut || Ok(store.register()?.contracts.len()))?;
    let register_answer = serde_json::to_vec(&store.register()?)?.len();
    let (register_page, _) = time(&mut || Ok(store.register_page(0, 50, "")?.contracts.len()))?;
    let (register_search, nrs) =
        time(&mut || Ok(store.register_page(0, 50, "supplier 1")?.found as usize))?;
    let register_page_answer = serde_json::to_vec(&store.register_page(0, 50, "")?)?.len();
    let (page, _) = time(&mut || Ok(store.reports_page(0, 50, "", false)?.reports.len()))?;
    let (search, ns) =
        time(&mut || Ok(store.reports_page(0, 50, "Highways", false)?.total as usize))?;
    let (reports_list, nl) = time(&mut || Ok(store.reports()?.len()))?;
    let row = |label: &str, value: String| println!("  {label:<64}{value}");
    println!("programme at scale: {contracts} contracts, {reports} reports (release build)");
    row(
        &format!(
            "generate ({} reviews, {} actions, {} planned meetings)",
            made.reviews, made.actions, made.plan_items
        ),
        format!("{:.1} s", generate.as_secs_f64()),
    );
    row(
        &format!("portfolio heatmap, first read ({nh} contracts assessed)"),
        format!("{heatmap_cold:.1} ms"),
    );
    row(
        "portfolio heatmap, again (new sort or page, nothing changed)",
        format!("{heatmap:.1} ms"),
    );
    row(
        &format!("portfolio heatmap, three filters, weakest first ({nf} contracts)"),
        format!("{heatmap_f:.1} ms"),
    );
    row(
        "portfolio answer sent to the window (JSON)",
        format!("{:.0} KB", answer as f64 / 1024.0),
    );
    row(
        &format!("priority list ({np} contracts, ranked, with reasons)"),
        format!("{priority:.1} ms"),
    );
    row(
        "priority list, first page of 50 as the window gets it (JSON)",
        format!(
            "{priority_page:.1} ms, {:.0} KB",
            priority_answer as f64 / 1024.0
        ),
    );
    row(
        &format!("register list ({nr} contracts), and its JSON"),
        format!(
            "{register:.1} ms, {:.0} KB",
            register_answer as f64 / 1024.0
        ),
    );
    row(
        "register, first page of 50 as the window gets it (JSON)",
        format!(
            "{register_page:.1} ms, {:.0} KB",
            register_page_answer as f64 / 1024.0
        ),
    );
    row(
        &format!("register, search \"supplier 1\" ({nrs} found, first 50)"),
        format!("{register_search:.1} ms"),
    );
    row("reports list, first page of 50", format!("{page:.1} ms"));
    row(
        &format!("reports list, search \"Highways\" ({ns} found, first 50)"),
        format!("{search:.1} ms"),
    );
    row(
        &format!("reports list, all at once ({nl} reports; the app pages)"),
        format!("{reports_list:.1} ms"),
    );
    drop(store);
    std::fs::remove_dir_all(&dir)?;
    if let Some(p) = keep {
        println!("  the database is kept at {p}");
    }
    Ok(())
}

fn main() -> cmm_core::Result<()> {
    if std::env::args().nth(1).as_deref() == Some("programme") {
        let arg = |i: usize, d: usize| {
            std::env::args()
                .nth(i)
                .and_then(|a| a.parse().ok())
                .unwrap_or(d)
        };
        let keep = std::env::args().nth(4);
        return programme_bench(arg(2, 10_000), arg(3, 30_000), keep.as_deref());
    }
    if std::env::args().nth(1).as_deref() == Some("evidence") {
        let mb = std::env::args()
            .nth(2)
            .and_then(|a| a.parse().ok())
            .unwrap_or(500);
        return evidence_bench(mb);
    }
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000);
    let dir = std::env::temp_dir().join(format!("cmm-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("bench.sqlite3");

    let t = Instant::now();
    let mut store = Store::open(&path)?;
    let create = t.elapsed();

    let t = Instant::now();
    for n in 0..count {
        store.save_contract(None, None, &input(n))?;
    }
    let saves = t.elapsed();
    let first = store.register()?.contracts[0].id;
    let t = Instant::now();
    for _ in 0..100 {
        store.save_contract(Some(first), None, &input(0))?;
    }
    let update = t.elapsed() / 100;
    drop(store);

    let t = Instant::now();
    let store = Store::open(&path)?;
    let reopen_with_backup = t.elapsed();
    assert!(store.open_outcome().backup_taken.is_some());
    drop(store);

    let t = Instant::now();
    let store = Store::open(&path)?;
    let reopen = t.elapsed();
    let t = Instant::now();
    let register = store.register()?;
    let list = t.elapsed();
    assert_eq!(register.contracts.len(), count);
    let json = serde_json::to_vec(&register)?;
    let size = std::fs::metadata(&path)?.len();
    drop(store);
    std::fs::remove_dir_all(&dir)?;

    let row = |label: &str, value: String| println!("  {label:<44}{value}");
    println!("cmm-bench: {count} contracts");
    row("create database (migrate, load framework)", ms(create));
    row(
        "save a new contract",
        format!("{} each", ms(saves / count as u32)),
    );
    row("save changes to a contract", format!("{} each", ms(update)));
    row("open with the daily backup", ms(reopen_with_backup));
    row("open (everyday start)", ms(reopen));
    row(
        "list the register",
        format!("{} ({} KiB as JSON)", ms(list), json.len() / 1024),
    );
    row("database file", format!("{} KiB", size / 1024));
    if let Some(kib) = peak_rss_kib() {
        row("peak memory (RSS)", format!("{} MiB", kib / 1024));
    }
    Ok(())
}

//! Prints how long the large fixture's pack takes to export, as a tagged PDF and as a Word
//! document, and their sizes.
//!
//!     cargo run --release -p cmm-pack --bin cmm-pack-bench [-- OUT.pdf] [--runs N]
//!
//! "Gather" is reading the report from SQLite (with the seal check, which re-reads every
//! evidence file); "draw" is laying out and writing the PDF. Each is the median of the runs.
//! The Word document's export is gather + lay out + write the package (charts drawn as
//! PNG), also a median, in the same run so the two can be compared.

use cmm_api::reports::pack_source;
use cmm_api::review::meeting_source;
use cmm_core::fixtures::Fixture;
use cmm_core::Store;
use cmm_pack::{contract_pack, meeting_pack, Format, Marking, PackOptions};
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(20usize);
    let out = args.iter().find(|a| a.ends_with(".pdf")).cloned();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut store = Store::open(&dir.path().join("bench.db")).expect("a database");
    let id = Fixture::large()
        .load(&mut store)
        .expect("the large fixture loads");
    // A fixed "today", so every run draws the same pack.
    let today = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).expect("a date");
    let opts = PackOptions {
        marking: Marking::OfficialSensitive,
        ..Default::default()
    };
    let first = Instant::now();
    let src = pack_source(&store, id, today).expect("the report reads");
    let bytes = contract_pack(&src, &opts).bytes;
    let cold = first.elapsed();
    let (mut gather, mut draw, mut total) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let t0 = Instant::now();
        let src = pack_source(&store, id, today).expect("the report reads");
        let t1 = Instant::now();
        let again = contract_pack(&src, &opts).bytes;
        let t2 = Instant::now();
        assert_eq!(again, bytes, "the same report must give the same bytes");
        gather.push(t1 - t0);
        draw.push(t2 - t1);
        total.push(t2 - t0);
    }
    let word_opts = PackOptions {
        format: Format::Word,
        ..opts
    };
    let word_bytes = contract_pack(&src, &word_opts).bytes;
    let mut word = Vec::new();
    for _ in 0..runs {
        let t0 = Instant::now();
        let src = pack_source(&store, id, today).expect("the report reads");
        let again = contract_pack(&src, &word_opts).bytes;
        word.push(t0.elapsed());
        assert_eq!(
            again, word_bytes,
            "the same report must give the same Word bytes"
        );
    }
    let meeting = meeting_source(
        &store,
        src.document
            .meeting_date
            .expect("the fixture has a meeting date"),
        today,
    )
    .expect("the meeting reads");
    let t = Instant::now();
    let meeting_bytes = meeting_pack(&meeting, &opts).bytes;
    let meeting_time = t.elapsed();
    let pages = bytes
        .windows(b"/Type/Page/".len())
        .filter(|w| w == b"/Type/Page/")
        .count();
    println!("large fixture pack: 3 contracts, 25 KPIs and 2 activity indicators x 12 months, 24 months of payments, 40 risks, 60 evidence files");
    println!(
        "  size            {:>8.1} KB ({} bytes)",
        bytes.len() as f64 / 1024.0,
        bytes.len()
    );
    println!("  pages (approx.) {pages:>8}");
    println!(
        "  first export    {:>8.1} ms (includes parsing the fonts once)",
        cold.as_secs_f64() * 1e3
    );
    println!(
        "  gather, median  {:>8.1} ms over {runs} runs",
        median(gather).as_secs_f64() * 1e3
    );
    println!(
        "  draw, median    {:>8.1} ms",
        median(draw).as_secs_f64() * 1e3
    );
    println!(
        "  export, median  {:>8.1} ms (gather + draw)",
        median(total).as_secs_f64() * 1e3
    );
    println!(
        "  Word export, median {:>4.1} ms (gather + draw + package), {:.1} KB",
        median(word).as_secs_f64() * 1e3,
        word_bytes.len() as f64 / 1024.0
    );
    println!(
        "  meeting pack    {:>8.1} ms, {:.1} KB",
        meeting_time.as_secs_f64() * 1e3,
        meeting_bytes.len() as f64 / 1024.0
    );
    if let Some(out) = out {
        std::fs::write(&out, &bytes).expect("writing the pack");
        println!("  written to {out}");
    }
}

//! The committed header is what cbindgen generates from the sources now.
//!
//! Regenerate it with `UPDATE_HEADER=1 cargo test -p seguimiento-ffi --test header`.

use std::path::Path;

fn generate() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(dir.join("cbindgen.toml"))
        .unwrap_or_else(|e| panic!("ffi/cbindgen.toml: {e}"));
    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_src(dir.join("src/lib.rs"))
        .generate()
        .unwrap_or_else(|e| panic!("cbindgen could not generate the header: {e}"));
    let mut out = Vec::new();
    bindings.write(&mut out);
    String::from_utf8(out).expect("cbindgen wrote UTF-8")
}

#[test]
fn committed_header_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("include/seguimiento.h");
    let generated = generate();
    if std::env::var_os("UPDATE_HEADER").is_some_and(|v| v == "1") {
        std::fs::write(&path, &generated).expect("write ffi/include/seguimiento.h");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != generated {
        let line = committed
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(generated.lines().count()));
        panic!(
            "ffi/include/seguimiento.h is out of date: it differs from what cbindgen generates \
             from ffi/src from line {} on.\n  committed: {:?}\n  generated: {:?}\n\
             Regenerate it with:\n  UPDATE_HEADER=1 cargo test -p seguimiento-ffi --test header\n\
             then review and commit the header.",
            line + 1,
            committed.lines().nth(line).unwrap_or("<end of file>"),
            generated.lines().nth(line).unwrap_or("<end of file>"),
        );
    }
}

#[test]
fn header_declares_every_export() {
    let header = generate();
    for name in [
        "sg_evaluate",
        "sg_string_free",
        "sg_last_error_message",
        "SG_STATUS_PANIC",
    ] {
        assert!(header.contains(name), "the header lacks {name}");
    }
}

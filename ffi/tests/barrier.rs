//! Every exported function runs its body through the panic barrier
//! (`ffi_status` or `ffi_guard`), so that no panic unwinds into C. This test
//! parses `ffi/src/*.rs` and fails naming any export that does not.
//! (rustls-ffi found an export without its barrier only by review: issue #286.)
//!
//! Every export that returns a status (through `ffi_status`) also takes an
//! optional error out parameter last, `error_out: *mut *mut sg_error`, and
//! hands exactly that to the barrier, so that no fallible call forgets it.

use std::path::Path;

use syn::{Expr, Item, ItemFn, Stmt};

const BARRIERS: [&str; 2] = ["ffi_status", "ffi_guard"];

fn is_export(f: &ItemFn) -> bool {
    let extern_c = f
        .sig
        .abi
        .as_ref()
        .is_some_and(|abi| abi.name.as_ref().is_none_or(|n| n.value() == "C"));
    let no_mangle = f.attrs.iter().any(|a| {
        a.path().is_ident("no_mangle")
            || (a.path().is_ident("unsafe")
                && a.meta.to_token_stream_string().contains("no_mangle"))
            || a.path().is_ident("export_name")
    });
    extern_c || no_mangle
}

trait TokensString {
    fn to_token_stream_string(&self) -> String;
}

impl TokensString for syn::Meta {
    fn to_token_stream_string(&self) -> String {
        quote_string(self)
    }
}

fn quote_string(meta: &syn::Meta) -> String {
    match meta {
        syn::Meta::List(list) => list.tokens.to_string(),
        _ => String::new(),
    }
}

/// The body is exactly one expression: a call of a barrier function. Returns
/// the barrier's name and its call.
fn uses_barrier(f: &ItemFn) -> Result<(&'static str, &syn::ExprCall), String> {
    let stmts = &f.block.stmts;
    if stmts.len() != 1 {
        return Err(format!(
            "its body has {} statements; it must be one call of {}",
            stmts.len(),
            BARRIERS.join(" or ")
        ));
    }
    let Stmt::Expr(Expr::Call(call), None) = &stmts[0] else {
        return Err(format!(
            "its body is not a call of {} (as the tail expression)",
            BARRIERS.join(" or ")
        ));
    };
    let Expr::Path(path) = call.func.as_ref() else {
        return Err("its body calls something that is not a barrier function".into());
    };
    let name = path
        .path
        .segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default();
    if let Some(barrier) = BARRIERS.iter().find(|b| **b == name) {
        Ok((barrier, call))
    } else {
        Err(format!(
            "its body calls {name}, not {}",
            BARRIERS.join(" or ")
        ))
    }
}

/// A status-returning export: its last parameter is
/// `error_out: *mut *mut sg_error`, and the barrier's first argument is
/// `unsafe { Out::optional(error_out) }`.
fn passes_error_out(f: &ItemFn, call: &syn::ExprCall) -> Result<(), String> {
    let last = f
        .sig
        .inputs
        .last()
        .ok_or("it has no parameters; the last must be error_out")?;
    let syn::FnArg::Typed(last) = last else {
        return Err("its last parameter is `self`".into());
    };
    let name = quote_tokens(&last.pat);
    let ty = quote_tokens(&last.ty);
    if name != "error_out" || ty != "* mut * mut sg_error" {
        return Err(format!(
            "it returns a status, so its last parameter must be `error_out: *mut *mut sg_error`, \
             not `{name}: {ty}`"
        ));
    }
    let first = call.args.first().map(quote_tokens).unwrap_or_default();
    if first != "unsafe { Out :: optional (error_out) }" {
        return Err(format!(
            "its barrier must be given `unsafe {{ Out::optional(error_out) }}`, not `{first}`"
        ));
    }
    Ok(())
}

fn quote_tokens(tokens: &impl quote::ToTokens) -> String {
    tokens.to_token_stream().to_string()
}

fn collect(
    items: &[Item],
    file: &str,
    exports: &mut Vec<(String, String)>,
    failures: &mut Vec<String>,
) {
    for item in items {
        match item {
            Item::Fn(f) if is_export(f) => {
                let name = f.sig.ident.to_string();
                match uses_barrier(f) {
                    Err(why) => failures.push(format!("{file}: {name}: {why}")),
                    Ok(("ffi_status", call)) => {
                        if let Err(why) = passes_error_out(f, call) {
                            failures.push(format!("{file}: {name}: {why}"));
                        }
                    }
                    Ok(_) => {}
                }
                exports.push((file.to_string(), name));
            }
            Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    collect(inner, file, exports, failures);
                }
            }
            Item::Impl(imp) => {
                for it in &imp.items {
                    if let syn::ImplItem::Fn(f) = it {
                        if f.sig.abi.is_some() {
                            failures.push(format!(
                                "{file}: {}: an extern fn inside an impl block is not checked; move it to module level",
                                f.sig.ident
                            ));
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

#[test]
fn every_export_uses_the_panic_barrier() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut exports = Vec::new();
    let mut failures = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&src)
        .expect("read ffi/src")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("read source");
        let file = syn::parse_file(&text)
            .unwrap_or_else(|e| panic!("{}: does not parse: {e}", path.display()));
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        collect(&file.items, &name, &mut exports, &mut failures);
        // A textual cross-check: every `extern "C" fn` in the text was seen.
        let textual = text.matches("extern \"C\" fn ").count();
        let parsed = exports.iter().filter(|(f, _)| *f == name).count();
        assert_eq!(
            textual, parsed,
            "{name}: {textual} `extern \"C\" fn` in the text but {parsed} exports parsed"
        );
    }
    assert!(
        failures.is_empty(),
        "exports without the panic barrier:\n  {}",
        failures.join("\n  ")
    );
    let names: Vec<&str> = exports.iter().map(|(_, n)| n.as_str()).collect();
    for expected in [
        "sg_evaluate",
        "sg_plan_free",
        "sg_string_free",
        "sg_version",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} not found among {names:?}"
        );
    }
}

#[test]
fn the_checker_catches_a_missing_barrier() {
    let bad: ItemFn = syn::parse_quote! {
        #[no_mangle]
        pub extern "C" fn sg_bad(x: u32) -> u32 { let y = x + 1; y }
    };
    assert!(is_export(&bad));
    assert!(uses_barrier(&bad).is_err());
    let other: ItemFn = syn::parse_quote! {
        #[no_mangle]
        pub extern "C" fn sg_other() -> u32 { compute(|| 1) }
    };
    assert!(uses_barrier(&other).is_err());
    let good: ItemFn = syn::parse_quote! {
        #[no_mangle]
        pub extern "C" fn sg_good() -> u32 { ffi_guard(0, || 1) }
    };
    assert!(uses_barrier(&good).is_ok());

    let forgets_error_out: ItemFn = syn::parse_quote! {
        #[no_mangle]
        pub unsafe extern "C" fn sg_forgets(count_out: *mut usize) -> sg_status {
            ffi_status(None, || Ok(()))
        }
    };
    let (_, call) = uses_barrier(&forgets_error_out).unwrap();
    assert!(passes_error_out(&forgets_error_out, call).is_err());
    let drops_error_out: ItemFn = syn::parse_quote! {
        #[no_mangle]
        pub unsafe extern "C" fn sg_drops(error_out: *mut *mut sg_error) -> sg_status {
            ffi_status(None, || Ok(()))
        }
    };
    let (_, call) = uses_barrier(&drops_error_out).unwrap();
    assert!(passes_error_out(&drops_error_out, call).is_err());
    let passes: ItemFn = syn::parse_quote! {
        #[no_mangle]
        pub unsafe extern "C" fn sg_passes(error_out: *mut *mut sg_error) -> sg_status {
            ffi_status(unsafe { Out::optional(error_out) }, || Ok(()))
        }
    };
    let (_, call) = uses_barrier(&passes).unwrap();
    assert_eq!(passes_error_out(&passes, call), Ok(()));
}

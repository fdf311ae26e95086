//! `traced::catalog()` lists every `#[traced]` function and `SpanAttributes` type linked into the program, called
//! or not, with its keys and which are redacted (issue 12).

use traced::{traced, SpanAttributes};

#[derive(SpanAttributes)]
#[allow(dead_code)] // only its catalog entry is looked at
struct Account {
    id: u64,
    #[redact]
    iban: String,
    #[span(skip)]
    notes: Vec<String>,
    #[span(rename = "holder.name")]
    holder: String,
}

#[traced(name = "catalog.never_called", kind = producer, fields(id, ?debug, shown = %id), redact(password))]
#[allow(dead_code)] // listed though never called
fn never_called(id: u64, debug: &str, password: &str) -> usize {
    debug.len() + password.len() + id as usize
}

mod nested {
    #[traced::traced(fields(account))]
    pub(crate) async fn open(account: &super::Account) {}
}

#[test]
fn every_site_is_listed_with_its_keys_called_or_not() {
    let _ = nested::open;
    let catalog = traced::catalog();
    let site = catalog.sites.iter().find(|site| site.name == "catalog.never_called").expect("listed");
    assert_eq!((site.kind, site.function, site.module), ("producer", "never_called", "catalog"));
    assert_eq!(site.line, 18);
    let keys: Vec<(&str, &str, bool)> =
        site.keys.iter().map(|key| (key.key, key.recorded_as, key.is_redacted())).collect();
    assert_eq!(
        keys,
        [
            ("id", "value", false),
            ("debug", "debug", false),
            ("shown", "display", false),
            ("password", "redacted", true)
        ]
    );
    let open = catalog.sites.iter().find(|site| site.function == "open").expect("listed");
    assert_eq!(open.module, "catalog::nested");
    assert_eq!(open.keys.iter().map(|key| key.key).collect::<Vec<_>>(), ["account"]);
}

#[test]
fn every_span_attributes_type_is_listed_with_its_redactions() {
    let catalog = traced::catalog();
    let account = catalog.types.iter().find(|ty| ty.name == "Account").expect("listed");
    let keys: Vec<(&str, bool)> = account.keys.iter().map(|key| (key.key, key.is_redacted())).collect();
    assert_eq!(keys, [("id", false), ("iban", true), ("holder.name", false)], "skipped fields are not recorded");
}

#[test]
fn the_catalog_is_sorted_and_prints_as_json() {
    let catalog = traced::catalog();
    let order: Vec<(&str, &str)> = catalog.sites.iter().map(|site| (site.module, site.name)).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
    let json = catalog.to_json();
    assert!(json.starts_with(r#"{"sites":[{"name":"#) && json.ends_with("]}"), "{json}");
    assert!(json.contains(r#"{"key":"password","recorded_as":"redacted","redacted":true}"#), "{json}");
    assert!(json.contains(r#""name":"Account","module":"catalog""#), "{json}");
}

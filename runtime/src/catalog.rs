//! The span catalog: every `#[traced]` function and every `#[derive(SpanAttributes)]` type linked into the
//! program, with the keys each records and which of them are redacted, for a privacy review to diff.

/// One attribute key a site or a type records.
///
/// ```
/// # #[cfg(feature = "catalog")] {
/// #[traced::traced(name = "auth.login", fields(user, ?attempt), redact(password))]
/// fn login(user: &str, attempt: u32, password: &str) {}
///
/// let catalog = traced::catalog();
/// let site = catalog.sites.iter().find(|site| site.name == "auth.login").unwrap();
/// let keys: Vec<(&str, &str)> = site.keys.iter().map(|key| (key.key, key.recorded_as)).collect();
/// assert_eq!(keys, [("user", "value"), ("attempt", "debug"), ("password", "redacted")]);
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct CatalogKey {
    /// The key as exported, `order.id`; for a [`SpanAttributes`](crate::SpanAttributes) value, the prefix its
    /// fields are flattened under (see the type's entry for them).
    pub key: &'static str,
    /// How the value is recorded: `value`, `debug` (`?`), `display` (`%`) or `redacted`.
    pub recorded_as: &'static str,
}

impl CatalogKey {
    /// Whether the key is always `[REDACTED]`.
    ///
    /// ```
    /// # #[cfg(feature = "catalog")] {
    /// #[traced::traced(name = "auth.login", fields(user), redact(password))]
    /// fn login(user: &str, password: &str) {}
    ///
    /// let site = traced::catalog().sites.into_iter().find(|site| site.name == "auth.login").unwrap();
    /// assert!(!site.keys[0].is_redacted() && site.keys[1].is_redacted());
    /// # }
    /// ```
    pub fn is_redacted(&self) -> bool {
        self.recorded_as == "redacted"
    }
}

/// One `#[traced]` function.
///
/// ```
/// # #[cfg(feature = "catalog")] {
/// #[traced::traced(name = "orders.create", kind = server, fields(id))]
/// fn create(id: u64) {}
///
/// let site = traced::catalog().sites.into_iter().find(|site| site.name == "orders.create").unwrap();
/// assert_eq!((site.kind, site.function, site.keys.len()), ("server", "create", 1));
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct CatalogSite {
    /// The span name.
    pub name: &'static str,
    /// The span kind: `internal`, `server`, `client`, `producer` or `consumer`.
    pub kind: &'static str,
    /// The module the function is in, `my_crate::orders`.
    pub module: &'static str,
    /// The function's name.
    pub function: &'static str,
    /// Where the function is: the line of its `#[traced]` in the module's file. (The file itself is left out:
    /// its path depends on where the crate was built from, which would make catalogs of one program differ.)
    pub line: u32,
    /// The column of its `#[traced]`.
    pub column: u32,
    /// The keys it records when its span starts, in order.
    pub keys: &'static [CatalogKey],
}

/// One `#[derive(SpanAttributes)]` type.
///
/// ```
/// # #[cfg(feature = "catalog")] {
/// #[derive(traced::SpanAttributes)]
/// struct Card {
///     brand: String,
///     #[redact]
///     number: String,
/// }
///
/// let card = traced::catalog().types.into_iter().find(|ty| ty.name == "Card").unwrap();
/// let keys: Vec<(&str, bool)> = card.keys.iter().map(|key| (key.key, key.is_redacted())).collect();
/// assert_eq!(keys, [("brand", false), ("number", true)]);
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct CatalogType {
    /// The type's name.
    pub name: &'static str,
    /// The module the type is in.
    pub module: &'static str,
    /// Its fields' keys, under the prefix a site records it with.
    pub keys: &'static [CatalogKey],
}

/// The program's sites and types, sorted by module then name.
///
/// ```
/// # #[cfg(feature = "catalog")] {
/// #[traced::traced(name = "jobs.run", fields(id))]
/// fn run(id: u64) {}
///
/// let catalog: traced::Catalog = traced::catalog();
/// assert!(catalog.sites.iter().any(|site| site.name == "jobs.run"));
/// assert_eq!(catalog, traced::catalog(), "one program, one catalog");
/// # }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Catalog {
    /// Every `#[traced]` function.
    pub sites: Vec<CatalogSite>,
    /// Every `#[derive(SpanAttributes)]` type.
    pub types: Vec<CatalogType>,
}

/// The span catalog of the running program (feature `catalog`): every `#[traced]` function and every
/// `#[derive(SpanAttributes)]` type linked into it, whether or not it has run.
///
/// Print it as JSON in a test or behind a flag, and diff it in CI: a new key that is not redacted shows up in
/// review. `cargo run --example catalog` prints the examples' catalog.
///
/// ```
/// #[derive(traced::SpanAttributes)]
/// struct Card {
///     brand: String,
///     #[redact]
///     number: String,
/// }
///
/// #[traced::traced(name = "payments.charge", kind = client, fields(amount, card), redact(pin))]
/// fn charge(amount: u64, card: &Card, pin: &str) {}
///
/// let catalog = traced::catalog();
/// let site = catalog.sites.iter().find(|site| site.name == "payments.charge").unwrap();
/// assert_eq!((site.kind, site.function), ("client", "charge"));
/// let keys: Vec<(&str, bool)> = site.keys.iter().map(|key| (key.key, key.is_redacted())).collect();
/// assert_eq!(keys, [("amount", false), ("card", false), ("pin", true)]);
/// let card = catalog.types.iter().find(|ty| ty.name == "Card").unwrap();
/// assert!(card.keys.iter().any(|key| key.key == "number" && key.is_redacted()));
/// assert!(catalog.to_json().contains(r#""name":"payments.charge""#));
/// ```
#[cfg(feature = "catalog")]
pub fn catalog() -> Catalog {
    let mut sites: Vec<CatalogSite> = inventory::iter::<CatalogSite>.into_iter().copied().collect();
    sites.sort_by(|a, b| (a.module, a.name, a.line).cmp(&(b.module, b.name, b.line)));
    let mut types: Vec<CatalogType> = inventory::iter::<CatalogType>.into_iter().copied().collect();
    types.sort_by(|a, b| (a.module, a.name).cmp(&(b.module, b.name)));
    Catalog { sites, types }
}

#[cfg(feature = "catalog")]
inventory::collect!(CatalogSite);
#[cfg(feature = "catalog")]
inventory::collect!(CatalogType);

impl Catalog {
    /// The catalog as JSON: `{"sites":[...],"types":[...]}`, one object per site and type, keys in a stable order.
    ///
    /// ```
    /// assert_eq!(traced::Catalog::default().to_json(), r#"{"sites":[],"types":[]}"#);
    /// # #[cfg(feature = "catalog")] {
    ///
    /// #[traced::traced(name = "jobs.run", fields(id))]
    /// fn run(id: u64) {}
    ///
    /// let json = traced::catalog().to_json();
    /// assert!(json.contains(r#""function":"run","line":"#));
    /// assert!(json.contains(r#""keys":[{"key":"id","recorded_as":"value","redacted":false}]"#));
    /// # }
    /// ```
    pub fn to_json(&self) -> String {
        let mut out = String::from("{");
        list(&mut out, "sites", &self.sites, |out, site| {
            field(out, "name", site.name);
            out.push(',');
            field(out, "kind", site.kind);
            out.push(',');
            field(out, "module", site.module);
            out.push(',');
            field(out, "function", site.function);
            out.push_str(&format!(",\"line\":{},\"column\":{},", site.line, site.column));
            keys(out, site.keys);
        });
        out.push(',');
        list(&mut out, "types", &self.types, |out, ty| {
            field(out, "name", ty.name);
            out.push(',');
            field(out, "module", ty.module);
            out.push(',');
            keys(out, ty.keys);
        });
        out.push('}');
        out
    }
}

fn keys(out: &mut String, keys: &[CatalogKey]) {
    list(out, "keys", keys, |out, key| {
        field(out, "key", key.key);
        out.push(',');
        field(out, "recorded_as", key.recorded_as);
        out.push_str(if key.is_redacted() { ",\"redacted\":true" } else { ",\"redacted\":false" });
    });
}

/// `"name":[{...},...]`, each object's members written by `members`.
fn list<T>(out: &mut String, name: &str, items: &[T], members: impl Fn(&mut String, &T)) {
    out.push('"');
    out.push_str(name);
    out.push_str("\":[");
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        out.push('{');
        members(out, item);
        out.push('}');
    }
    out.push(']');
}

/// `"name":"value"`, the value escaped as JSON requires.
fn field(out: &mut String, name: &str, value: &str) {
    out.push('"');
    out.push_str(name);
    out.push_str("\":\"");
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// What the expansion builds its entries with: the structs are `#[non_exhaustive]` for users.
impl CatalogKey {
    #[doc(hidden)]
    pub const fn __new(key: &'static str, recorded_as: &'static str) -> Self {
        CatalogKey { key, recorded_as }
    }
}

impl CatalogSite {
    #[doc(hidden)]
    #[allow(clippy::too_many_arguments)] // one per fact of the site, in the expansion only
    pub const fn __new(
        name: &'static str,
        kind: &'static str,
        module: &'static str,
        function: &'static str,
        line: u32,
        column: u32,
        keys: &'static [CatalogKey],
    ) -> Self {
        CatalogSite { name, kind, module, function, line, column, keys }
    }
}

impl CatalogType {
    #[doc(hidden)]
    pub const fn __new(name: &'static str, module: &'static str, keys: &'static [CatalogKey]) -> Self {
        CatalogType { name, module, keys }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: [CatalogKey; 1] = [CatalogKey::__new("k", "redacted")];

    #[test]
    fn json_escapes_what_it_must() {
        let catalog = Catalog {
            sites: vec![CatalogSite::__new("a.b", "internal", "m\"q\"\\", "f", 3, 5, &[])],
            types: vec![CatalogType::__new("T", "m", &KEYS)],
        };
        assert_eq!(
            catalog.to_json(),
            concat!(
                r#"{"sites":[{"name":"a.b","kind":"internal","module":"m\"q\"\\","function":"f","#,
                r#""line":3,"column":5,"keys":[]}],"types":[{"name":"T","module":"m","keys":[{"key":"k","#,
                r#""recorded_as":"redacted","redacted":true}]}]}"#
            )
        );
    }
}

//! What a `#[traced]` site and a `SpanAttributes` type expand to for [`traced::catalog()`](crate::catalog): an
//! entry registered at link time with feature `catalog`, nothing without it.

/// Registers a site (feature `catalog`; nothing otherwise).
#[doc(hidden)]
#[macro_export]
#[cfg(feature = "catalog")]
macro_rules! __catalog_site {
    ($($site:tt)*) => {
        $crate::__private::inventory::submit! { $crate::__private::CatalogSite::__new($($site)*) }
    };
}

/// Registers a site (feature `catalog`; nothing otherwise).
#[doc(hidden)]
#[macro_export]
#[cfg(not(feature = "catalog"))]
macro_rules! __catalog_site {
    ($($site:tt)*) => {};
}

/// Registers a type (feature `catalog`; nothing otherwise).
#[doc(hidden)]
#[macro_export]
#[cfg(feature = "catalog")]
macro_rules! __catalog_type {
    ($($ty:tt)*) => {
        $crate::__private::inventory::submit! { $crate::__private::CatalogType::__new($($ty)*) }
    };
}

/// Registers a type (feature `catalog`; nothing otherwise).
#[doc(hidden)]
#[macro_export]
#[cfg(not(feature = "catalog"))]
macro_rules! __catalog_type {
    ($($ty:tt)*) => {};
}

//! Origins (HTML spec "origin"): a scheme/host/port tuple, or opaque.
//!
//! Built on the url crate's `Origin`, whose opaque origins are each unique, as
//! the spec requires: two sandboxed frames never share an origin, nor does a
//! sandboxed frame's srcdoc child (it inherits the sandbox, which gives a new
//! opaque origin), while an about:blank document whose creator is not
//! sandboxed inherits (a clone of) its creator's.

#![warn(missing_docs)]

use url::Url;

/// An origin serialized, shared: a window message carries its sender's and
/// its targetOrigin's across agents, and each clone of a `String` was an
/// allocation and a copy (a few per message).
pub type OriginString = std::sync::Arc<str>;

/// A frame's or worker's origin.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin(url::Origin);

impl Origin {
    /// The origin of a URL fetched as a document: tuple for http(s), a new
    /// opaque origin for anything else (data:, about: without a creator).
    pub fn of_url(url: &Url) -> Origin {
        Origin(url.origin())
    }

    /// A fresh opaque origin (sandboxed frames).
    pub fn new_opaque() -> Origin {
        Origin(url::Origin::new_opaque())
    }

    /// True for an opaque origin (serialized as `null`).
    pub fn is_opaque(&self) -> bool {
        !self.0.is_tuple()
    }

    /// The serialization pages see (`location.origin`, `MessageEvent.origin`):
    /// "http://a.test", "<https://b.test:8443">, or "null".
    pub fn serialize(&self) -> String {
        self.0.ascii_serialization()
    }

    /// Same origin (opaque origins only equal their own clones).
    pub fn same_origin(&self, other: &Origin) -> bool {
        self.0 == other.0
    }

    /// The scheme, for tuple origins.
    pub fn scheme(&self) -> Option<String> {
        match &self.0 {
            url::Origin::Tuple(scheme, _, _) => Some(scheme.clone()),
            url::Origin::Opaque(_) => None,
        }
    }

    /// The host, for tuple origins.
    pub fn host(&self) -> Option<String> {
        match &self.0 {
            url::Origin::Tuple(_, host, _) => Some(host.to_string()),
            url::Origin::Opaque(_) => None,
        }
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.serialize())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(s: &str) -> Origin {
        Origin::of_url(&Url::parse(s).expect("test URL"))
    }

    #[test]
    fn same_scheme_host_and_port_are_same_origin() {
        assert!(origin("http://a.test/x").same_origin(&origin("http://a.test:80/y?z")));
        assert!(!origin("http://a.test/").same_origin(&origin("https://a.test/")));
        assert!(!origin("http://a.test/").same_origin(&origin("http://b.a.test/")));
        assert!(!origin("http://a.test/").same_origin(&origin("http://a.test:8080/")));
    }

    #[test]
    fn opaque_origins_serialize_as_null_and_equal_only_themselves() {
        let a = Origin::new_opaque();
        let b = Origin::new_opaque();
        assert_eq!(a.serialize(), "null");
        assert!(!a.same_origin(&b));
        assert!(a.same_origin(&a.clone()));
        assert!(origin("data:text/html,hi").is_opaque());
    }
}

//! Sites, agent cluster keys and origin-domains: what decides which
//! isolate a document lives in, and which documents reach each other.
//!
//! <https://html.spec.whatwg.org/multipage/browsers.html#sites> ("Sites")
//! <https://html.spec.whatwg.org/multipage/webappapis.html#integration-with-the-javascript-agent-cluster-formalism> ("agent clusters")
//! <https://html.spec.whatwg.org/multipage/browsers.html#relaxing-the-same-origin-restriction> ("Relaxing the same-origin restriction")
//!
//! The public suffix list is the one compiled into the `psl` crate: no
//! network at run time. A host the list does not know (`a.test`) has its
//! last label as its public suffix, as the list's `*` rule says, so the
//! site of `a.x.test` is `x.test`.

use url::{Host, Url};

use super::origin::Origin;

/// A site: a scheme and a registrable domain (or a host that has none: an
/// IP address, a public suffix, `localhost`), or an opaque origin.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Site {
    Tuple {
        scheme: String,
        host: String,
    },
    /// An opaque origin is its own site.
    Opaque(Origin),
}

impl Site {
    /// <https://html.spec.whatwg.org/multipage/browsers.html#obtain-a-site> ("obtain a site")
    pub fn of(origin: &Origin) -> Site {
        match (origin.scheme(), origin.host()) {
            (Some(scheme), Some(host)) => Site::Tuple {
                scheme,
                host: registrable_domain(&host).unwrap_or(host),
            },
            _ => Site::Opaque(origin.clone()),
        }
    }

    /// "http://x.test", or the opaque origin's "null".
    pub fn serialize(&self) -> String {
        match self {
            Site::Tuple { scheme, host } => format!("{scheme}://{host}"),
            Site::Opaque(o) => o.serialize(),
        }
    }
}

/// What an agent cluster of a browsing context group is keyed by: a site,
/// or, for a document that asked for it (`Origin-Agent-Cluster: ?1`), an
/// origin.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ClusterKey {
    Site(Site),
    Origin(Origin),
}

impl ClusterKey {
    pub fn is_origin_keyed(&self) -> bool {
        matches!(self, ClusterKey::Origin(_))
    }

    /// `site http://x.test` or `origin http://a.x.test`.
    pub fn describe(&self) -> String {
        match self {
            ClusterKey::Site(s) => format!("site {}", s.serialize()),
            ClusterKey::Origin(o) => format!("origin {}", o.serialize()),
        }
    }
}

/// The registrable domain of a domain host: its public suffix and one label
/// more. `None` for an IP address, a public suffix itself, or a host with
/// no such label.
pub fn registrable_domain(host: &str) -> Option<String> {
    if is_ip(host) {
        return None;
    }
    let host = host.trim_end_matches('.');
    psl::domain_str(host).map(str::to_string)
}

/// The public suffix of a domain host (`test` for `a.x.test`).
pub fn public_suffix(host: &str) -> Option<String> {
    if is_ip(host) {
        return None;
    }
    psl::suffix_str(host.trim_end_matches('.')).map(str::to_string)
}

fn is_ip(host: &str) -> bool {
    matches!(
        Host::parse(host),
        Ok(Host::Ipv4(_) | Host::Ipv6(_)) | Err(_)
    ) || host.starts_with('[')
}

/// <https://html.spec.whatwg.org/multipage/browsers.html#is-a-registrable-domain-suffix-of-or-is-equal-to> ("is a registrable domain suffix of or is equal to"):
/// whether `suffix` (what a page assigned to document.domain) may relax
/// `original` (the document's effective domain). `Some(host)`, the parsed
/// host, when it may.
pub fn registrable_suffix_of(suffix: &str, original: &str) -> Option<String> {
    // 1. An empty string is not.
    if suffix.is_empty() {
        return None;
    }
    // 2. Host-parse it (as a URL's host would be).
    let host = Url::parse(&format!("http://{suffix}/"))
        .ok()?
        .host_str()?
        .to_string();
    // 3. A different host must be a domain suffix of the original, and no
    //    public suffix.
    if host != original {
        if is_ip(&host) || is_ip(original) {
            return None;
        }
        if !original.ends_with(&format!(".{host}")) {
            return None;
        }
        if public_suffix(&host).as_deref() == Some(host.as_str()) {
            return None;
        }
        if public_suffix(original).is_some_and(|ps| ps.ends_with(&format!(".{host}"))) {
            return None;
        }
    }
    // 4.
    Some(host)
}

/// An origin with its domain (document.domain): what "same origin-domain"
/// compares, and what a realm's security token stands for.
/// <https://html.spec.whatwg.org/multipage/browsers.html#same-origin-domain> ("same origin-domain")
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OriginDomain {
    pub origin: Origin,
    /// Set by document.domain (`None` until then).
    pub domain: Option<String>,
}

impl OriginDomain {
    pub fn new(origin: Origin) -> OriginDomain {
        OriginDomain {
            origin,
            domain: None,
        }
    }

    /// The effective domain: the domain if set, else the origin's host.
    /// <https://html.spec.whatwg.org/multipage/browsers.html#concept-origin-effective-domain> ("effective domain")
    pub fn effective_domain(&self) -> Option<String> {
        self.domain.clone().or_else(|| self.origin.host())
    }

    /// What two realms' tokens are equal for: same origin-domain.
    /// Tuple origins that set a domain compare by scheme and domain; those
    /// that did not, by origin; one of each never matches.
    pub fn key(&self) -> TokenKey {
        match &self.domain {
            Some(d) if !self.origin.is_opaque() => {
                TokenKey::Domain(self.origin.scheme().unwrap_or_default(), d.clone())
            }
            _ => TokenKey::Origin(self.origin.clone()),
        }
    }
}

/// The identity of a security token: two realms of one isolate share a
/// token exactly when they are same origin-domain.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TokenKey {
    Origin(Origin),
    Domain(String, String),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(s: &str) -> Origin {
        Origin::of_url(&Url::parse(s).expect("test URL"))
    }

    #[test]
    fn the_site_is_the_scheme_and_registrable_domain() {
        assert_eq!(
            Site::of(&origin("http://a.x.test/")),
            Site::of(&origin("http://b.x.test:8080/"))
        );
        assert_eq!(
            Site::of(&origin("http://a.test/")).serialize(),
            "http://a.test"
        );
        assert_ne!(
            Site::of(&origin("http://a.test/")),
            Site::of(&origin("https://a.test/"))
        );
        assert_ne!(
            Site::of(&origin("http://a.test/")),
            Site::of(&origin("http://b.test/"))
        );
        assert_eq!(
            Site::of(&origin("https://www.example.co.uk/")).serialize(),
            "https://example.co.uk"
        );
        // An IP address is its own site.
        assert_eq!(
            Site::of(&origin("http://127.0.0.1:8000/")).serialize(),
            "http://127.0.0.1"
        );
    }

    #[test]
    fn document_domain_may_name_a_registrable_suffix_but_no_public_suffix() {
        assert_eq!(
            registrable_suffix_of("x.test", "a.x.test").as_deref(),
            Some("x.test")
        );
        assert_eq!(
            registrable_suffix_of("a.x.test", "a.x.test").as_deref(),
            Some("a.x.test")
        );
        assert_eq!(registrable_suffix_of("test", "a.x.test"), None);
        assert_eq!(registrable_suffix_of("co.uk", "www.example.co.uk"), None);
        assert_eq!(
            registrable_suffix_of("ample.co.uk", "www.example.co.uk"),
            None
        );
        assert_eq!(registrable_suffix_of("b.x.test", "a.x.test"), None);
        assert_eq!(registrable_suffix_of("", "a.x.test"), None);
        assert_eq!(registrable_suffix_of("0.1", "127.0.0.1"), None);
        assert_eq!(
            registrable_suffix_of("X.TEST", "a.x.test").as_deref(),
            Some("x.test")
        );
    }

    #[test]
    fn tokens_match_only_for_the_same_origin_domain() {
        let a = OriginDomain::new(origin("http://a.x.test/"));
        let b = OriginDomain::new(origin("http://b.x.test/"));
        assert_ne!(a.key(), b.key());
        let mut a2 = a.clone();
        a2.domain = Some("x.test".into());
        assert_ne!(a2.key(), b.key(), "only after both set it");
        let mut b2 = b.clone();
        b2.domain = Some("x.test".into());
        assert_eq!(a2.key(), b2.key());
        // Setting it to its own host still parts it from its origin.
        let mut a3 = a.clone();
        a3.domain = Some("a.x.test".into());
        assert_ne!(a3.key(), a.key());
    }
}

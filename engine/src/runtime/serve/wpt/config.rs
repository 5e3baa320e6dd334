//! The hosts and ports of WPT's default server configuration
//! (`tools/serve/serve.py`'s `ConfigBuilder`, `tools/wptserve/wptserve/config.py`):
//! `web-platform.test` and the alternate `not-web-platform.test`, each with
//! the subdomains `www`, `www1`, `www2`, `天気の良い日`, `élève` and their
//! two-level combinations (IDNA-encoded on the wire), and `nonexistent`,
//! which never resolves; http on 8000 and 8001, https on 8443 and 8444.

use std::collections::BTreeMap;

use url::Url;

/// The main host (`{{host}}`).
pub const BROWSER_HOST: &str = "web-platform.test";
/// The alternate host (`{{hosts[alt][]}}`).
pub const ALT_HOST: &str = "not-web-platform.test";
const SUBDOMAINS: [&str; 5] = ["www", "www1", "www2", "天気の良い日", "élève"];
const NOT_SUBDOMAINS: [&str; 1] = ["nonexistent"];

/// Ports by scheme, as `{{ports[SCHEME][I]}}` gives them.
pub const PORTS: [(&str, &[u16]); 5] = [
    ("http", &[8000, 8001]),
    ("https", &[8443, 8444]),
    ("ws", &[8888]),
    ("wss", &[8889]),
    ("h2", &[9000]),
];

/// The computed host names.
#[derive(Debug, Clone)]
pub struct Config {
    /// `domains` of wptserve's config: by host key ("" main, "alt"), by
    /// subdomain ("" for the host itself), the ASCII domain.
    pub domains: BTreeMap<String, BTreeMap<String, String>>,
    /// The same for the subdomains that must not resolve.
    pub not_domains: BTreeMap<String, BTreeMap<String, String>>,
}

impl Default for Config {
    fn default() -> Config {
        let hosts = [("", BROWSER_HOST), ("alt", ALT_HOST)];
        let mut domains = BTreeMap::new();
        let mut not_domains = BTreeMap::new();
        for (key, host) in hosts {
            let mut main: BTreeMap<String, String> = product(&SUBDOMAINS)
                .into_iter()
                .filter_map(|sub| Some((sub.clone(), idna(&format!("{sub}.{host}"))?)))
                .collect();
            main.insert(String::new(), host.to_string());
            domains.insert(key.to_string(), main);
            let not: BTreeMap<String, String> = product(&NOT_SUBDOMAINS)
                .into_iter()
                .filter_map(|sub| Some((sub.clone(), idna(&format!("{sub}.{host}"))?)))
                .collect();
            not_domains.insert(key.to_string(), not);
        }
        Config {
            domains,
            not_domains,
        }
    }
}

/// `_make_subdomains_product(s, depth=2)`: every label and every pair.
fn product(labels: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = labels.iter().map(|l| l.to_string()).collect();
    for a in labels {
        for b in labels {
            out.push(format!("{a}.{b}"));
        }
    }
    out
}

/// A domain name's ASCII (punycode) form, as the URL parser makes it.
fn idna(name: &str) -> Option<String> {
    Url::parse(&format!("http://{name}/"))
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
}

impl Config {
    /// Whether a request to `url` reaches the server: a WPT host (or
    /// localhost) on one of the ports of its scheme. Anything else is a
    /// host that does not resolve or a port nobody listens on.
    pub fn serves(&self, url: &Url) -> bool {
        let Some(host) = url.host_str() else {
            return false;
        };
        let known = matches!(host, "localhost" | "127.0.0.1")
            || self
                .domains
                .values()
                .any(|subs| subs.values().any(|d| d == host));
        let port = url.port_or_known_default().unwrap_or(0);
        let ports: &[u16] = match url.scheme() {
            "http" => &[8000, 8001],
            "https" => &[8443, 8444, 9000],
            _ => &[],
        };
        known && ports.contains(&port)
    }

    /// Where a test runs: `http://web-platform.test:8000`, or https on 8443
    /// for `.https.` files (and 9000 for `.h2.`), on `www.` for `.www.`
    /// files, as wptrunner chooses.
    pub fn test_origin(&self, file_name: &str) -> String {
        let flags: Vec<&str> = file_name.split('.').skip(1).collect();
        let has = |f: &str| flags.contains(&f);
        let host = if has("www") {
            format!("www.{BROWSER_HOST}")
        } else {
            BROWSER_HOST.to_string()
        };
        if has("h2") {
            format!("https://{host}:9000")
        } else if has("https") || has("serviceworker") {
            format!("https://{host}:8443")
        } else {
            format!("http://{host}:8000")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).expect("test URL")
    }

    #[test]
    fn subdomains_are_punycode_and_come_in_pairs() {
        let c = Config::default();
        assert_eq!(c.domains[""]["élève"], "xn--lve-6lad.web-platform.test");
        assert_eq!(
            c.domains["alt"]["天気の良い日"],
            "xn--n8j6ds53lwwkrqhv28a.not-web-platform.test"
        );
        assert_eq!(c.domains[""]["www1.www2"], "www1.www2.web-platform.test");
        assert_eq!(c.domains[""].len(), 31);
        assert_eq!(
            c.not_domains[""]["nonexistent"],
            "nonexistent.web-platform.test"
        );
    }

    #[test]
    fn only_wpt_hosts_on_wpt_ports_are_served() {
        let c = Config::default();
        assert!(c.serves(&url("http://web-platform.test:8000/x")));
        assert!(c.serves(&url("http://www2.not-web-platform.test:8001/x")));
        assert!(c.serves(&url("https://élève.web-platform.test:8444/x")));
        assert!(!c.serves(&url("http://web-platform.test/x")));
        assert!(!c.serves(&url("https://web-platform.test:8000/x")));
        assert!(!c.serves(&url("http://nonexistent.web-platform.test:8000/x")));
        assert!(!c.serves(&url("http://a.test:8000/x")));
    }

    #[test]
    fn tests_run_where_their_flags_say() {
        let c = Config::default();
        assert_eq!(c.test_origin("a.html"), "http://web-platform.test:8000");
        assert_eq!(
            c.test_origin("a.https.any.html"),
            "https://web-platform.test:8443"
        );
        assert_eq!(
            c.test_origin("a.sub.www.html"),
            "http://www.web-platform.test:8000"
        );
    }
}

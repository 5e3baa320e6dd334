//! Sandboxing flag sets: what an iframe's `sandbox` attribute, or a
//! response's `Content-Security-Policy: sandbox`, takes away.
//!
//! <https://html.spec.whatwg.org/multipage/browsers.html#sandboxing> ("Sandboxing")
//! <https://html.spec.whatwg.org/multipage/browsers.html#parse-a-sandboxing-directive> ("parse a sandboxing directive")
//!
//! Not modelled: the flags for plugins, pointer lock, orientation lock,
//! presentation, downloads, storage access and custom protocols (isohost
//! has none of those features); they are kept in the set all the same.

/// A sandboxing flag set: each bit set takes a feature away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct SandboxFlags(u32);

impl SandboxFlags {
    pub const NONE: SandboxFlags = SandboxFlags(0);
    /// Navigating other browsing contexts than itself, its descendants and
    /// (with the top-level flags off) its top.
    pub const NAVIGATION: SandboxFlags = SandboxFlags(1);
    /// Opening popups (`allow-popups`).
    pub const AUXILIARY_NAVIGATION: SandboxFlags = SandboxFlags(1 << 1);
    /// Navigating the top without user activation (`allow-top-navigation`).
    pub const TOP_LEVEL_NAVIGATION_WITHOUT_USER_ACTIVATION: SandboxFlags = SandboxFlags(1 << 2);
    /// Navigating the top with user activation
    /// (`allow-top-navigation-by-user-activation`).
    pub const TOP_LEVEL_NAVIGATION_WITH_USER_ACTIVATION: SandboxFlags = SandboxFlags(1 << 3);
    pub const PLUGINS: SandboxFlags = SandboxFlags(1 << 4);
    /// An opaque origin (`allow-same-origin`).
    pub const ORIGIN: SandboxFlags = SandboxFlags(1 << 5);
    /// Submitting forms (`allow-forms`).
    pub const FORMS: SandboxFlags = SandboxFlags(1 << 6);
    pub const POINTER_LOCK: SandboxFlags = SandboxFlags(1 << 7);
    /// Running script (`allow-scripts`).
    pub const SCRIPTS: SandboxFlags = SandboxFlags(1 << 8);
    pub const AUTOMATIC_FEATURES: SandboxFlags = SandboxFlags(1 << 9);
    /// Setting document.domain: always, in any sandbox.
    pub const DOCUMENT_DOMAIN: SandboxFlags = SandboxFlags(1 << 10);
    /// Popups keep the sandbox (`allow-popups-to-escape-sandbox`).
    pub const PROPAGATES_TO_AUXILIARY: SandboxFlags = SandboxFlags(1 << 11);
    /// alert, confirm, prompt, print (`allow-modals`).
    pub const MODALS: SandboxFlags = SandboxFlags(1 << 12);
    pub const ORIENTATION_LOCK: SandboxFlags = SandboxFlags(1 << 13);
    pub const PRESENTATION: SandboxFlags = SandboxFlags(1 << 14);
    pub const DOWNLOADS: SandboxFlags = SandboxFlags(1 << 15);
    pub const CUSTOM_PROTOCOLS: SandboxFlags = SandboxFlags(1 << 16);
    pub const STORAGE_ACCESS: SandboxFlags = SandboxFlags(1 << 17);

    const ALL: SandboxFlags = SandboxFlags((1 << 18) - 1);

    /// <https://html.spec.whatwg.org/multipage/browsers.html#parse-a-sandboxing-directive> ("parse a sandboxing directive"):
    /// every flag, less those the tokens (ASCII case-insensitive) allow.
    pub fn parse(tokens: &str) -> SandboxFlags {
        let allows = |t: &str| {
            tokens
                .split_ascii_whitespace()
                .any(|x| x.eq_ignore_ascii_case(t))
        };
        let mut flags = SandboxFlags::ALL;
        let mut allow = |token: &str, flag: SandboxFlags| {
            if allows(token) {
                flags = flags.without(flag);
            }
        };
        allow("allow-popups", SandboxFlags::AUXILIARY_NAVIGATION);
        allow(
            "allow-top-navigation",
            SandboxFlags::TOP_LEVEL_NAVIGATION_WITHOUT_USER_ACTIVATION
                .with(SandboxFlags::TOP_LEVEL_NAVIGATION_WITH_USER_ACTIVATION),
        );
        // "allow-top-navigation-by-user-activation" unless "allow-top-navigation" too.
        allow(
            "allow-top-navigation-by-user-activation",
            SandboxFlags::TOP_LEVEL_NAVIGATION_WITH_USER_ACTIVATION,
        );
        allow("allow-same-origin", SandboxFlags::ORIGIN);
        allow("allow-forms", SandboxFlags::FORMS);
        allow("allow-pointer-lock", SandboxFlags::POINTER_LOCK);
        allow(
            "allow-scripts",
            SandboxFlags::SCRIPTS.with(SandboxFlags::AUTOMATIC_FEATURES),
        );
        allow(
            "allow-popups-to-escape-sandbox",
            SandboxFlags::PROPAGATES_TO_AUXILIARY,
        );
        allow("allow-modals", SandboxFlags::MODALS);
        allow("allow-orientation-lock", SandboxFlags::ORIENTATION_LOCK);
        allow("allow-presentation", SandboxFlags::PRESENTATION);
        allow("allow-downloads", SandboxFlags::DOWNLOADS);
        allow(
            "allow-top-navigation-to-custom-protocols",
            SandboxFlags::CUSTOM_PROTOCOLS,
        );
        allow(
            "allow-storage-access-by-user-activation",
            SandboxFlags::STORAGE_ACCESS,
        );
        flags
    }

    /// The `sandbox` directive of a Content-Security-Policy header, if it
    /// has one (several policies, comma-separated, each add theirs).
    /// <https://w3c.github.io/webappsec-csp/#directive-sandbox> ("sandbox")
    pub fn from_csp(header: &str) -> Option<SandboxFlags> {
        let mut found: Option<SandboxFlags> = None;
        for policy in header.split(',') {
            for directive in policy.split(';') {
                let directive = directive.trim();
                let (name, value) = directive
                    .split_once(|c: char| c.is_ascii_whitespace())
                    .unwrap_or((directive, ""));
                if name.eq_ignore_ascii_case("sandbox") {
                    let flags = SandboxFlags::parse(value);
                    found = Some(found.map_or(flags, |f| f.with(flags)));
                }
            }
        }
        found
    }

    pub fn contains(self, flag: SandboxFlags) -> bool {
        self.0 & flag.0 == flag.0 && flag.0 != 0
    }

    pub fn with(self, other: SandboxFlags) -> SandboxFlags {
        SandboxFlags(self.0 | other.0)
    }

    pub fn without(self, other: SandboxFlags) -> SandboxFlags {
        SandboxFlags(self.0 & !other.0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The `allow-*` keywords this set amounts to ("" for no sandbox), for
    /// the inspector.
    pub fn describe(self) -> String {
        if self.is_empty() {
            return String::new();
        }
        let mut allowed = Vec::new();
        for (token, flag) in [
            ("allow-scripts", SandboxFlags::SCRIPTS),
            ("allow-same-origin", SandboxFlags::ORIGIN),
            ("allow-popups", SandboxFlags::AUXILIARY_NAVIGATION),
            (
                "allow-popups-to-escape-sandbox",
                SandboxFlags::PROPAGATES_TO_AUXILIARY,
            ),
            (
                "allow-top-navigation",
                SandboxFlags::TOP_LEVEL_NAVIGATION_WITHOUT_USER_ACTIVATION,
            ),
            (
                "allow-top-navigation-by-user-activation",
                SandboxFlags::TOP_LEVEL_NAVIGATION_WITH_USER_ACTIVATION,
            ),
            ("allow-modals", SandboxFlags::MODALS),
            ("allow-forms", SandboxFlags::FORMS),
        ] {
            if !self.contains(flag) {
                allowed.push(token);
            }
        }
        format!("sandbox=\"{}\"", allowed.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_sandbox_takes_everything_and_tokens_give_back() {
        let none = SandboxFlags::parse("");
        assert!(none.contains(SandboxFlags::SCRIPTS));
        assert!(none.contains(SandboxFlags::ORIGIN));
        assert!(none.contains(SandboxFlags::DOCUMENT_DOMAIN));
        let some = SandboxFlags::parse("ALLOW-SCRIPTS allow-same-origin\tallow-modals");
        assert!(!some.contains(SandboxFlags::SCRIPTS));
        assert!(!some.contains(SandboxFlags::ORIGIN));
        assert!(!some.contains(SandboxFlags::MODALS));
        assert!(some.contains(SandboxFlags::AUXILIARY_NAVIGATION));
        assert!(some.contains(SandboxFlags::DOCUMENT_DOMAIN), "always");
        assert_eq!(
            some.describe(),
            "sandbox=\"allow-scripts allow-same-origin allow-modals\""
        );
    }

    #[test]
    fn top_navigation_by_user_activation_lifts_only_the_activated_case() {
        let f = SandboxFlags::parse("allow-top-navigation-by-user-activation");
        assert!(f.contains(SandboxFlags::TOP_LEVEL_NAVIGATION_WITHOUT_USER_ACTIVATION));
        assert!(!f.contains(SandboxFlags::TOP_LEVEL_NAVIGATION_WITH_USER_ACTIVATION));
        let g = SandboxFlags::parse("allow-top-navigation");
        assert!(!g.contains(SandboxFlags::TOP_LEVEL_NAVIGATION_WITHOUT_USER_ACTIVATION));
        assert!(!g.contains(SandboxFlags::TOP_LEVEL_NAVIGATION_WITH_USER_ACTIVATION));
    }

    #[test]
    fn the_csp_sandbox_directive_is_found_among_others() {
        assert_eq!(SandboxFlags::from_csp("default-src 'self'"), None);
        let f = SandboxFlags::from_csp("default-src 'self'; sandbox allow-scripts")
            .expect("has sandbox");
        assert!(!f.contains(SandboxFlags::SCRIPTS));
        assert!(f.contains(SandboxFlags::ORIGIN));
        assert!(
            SandboxFlags::from_csp("Sandbox").is_some_and(|f| f.contains(SandboxFlags::SCRIPTS))
        );
    }
}

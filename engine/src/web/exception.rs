//! The exceptions the web layer throws into script, typed: WebIDL's simple
//! exceptions (TypeError, RangeError) and DOMExceptions by their spec name.
//!
//! <https://webidl.spec.whatwg.org/#idl-exceptions> ("Exceptions")
//!
//! JS code throws its own (`new DOMException(message, 'SyntaxError')`, and
//! the WebIDL conversions of `js/webidl.js`); Rust code (ops, the
//! cross-origin interceptor, structured clone) throws an [`Exception`],
//! which becomes a DOMException made by the bindings of the realm that is
//! running, so that its prototype chain is that realm's.

use dom_lite::DomError;

use super::agent::AgentState;
use super::realm::hooks_of;
use crate::v8::{self, HandleScope};

macro_rules! dom_exception_names {
    ($($name:ident = $code:literal),* $(,)?) => {
        /// A DOMException's name, from WebIDL's error names table, with its
        /// legacy code (0 for the names that have none).
        ///
        /// <https://webidl.spec.whatwg.org/#idl-DOMException-error-names> ("error names table")
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[allow(clippy::enum_variant_names, reason = "the spec's names end in Error")]
        pub(crate) enum DomExceptionName {
            $($name,)*
        }

        impl DomExceptionName {
            /// Every name, in the table's order.
            const ALL: &'static [DomExceptionName] = &[$(DomExceptionName::$name,)*];

            /// The name as script reads it (`e.name`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(DomExceptionName::$name => stringify!($name),)*
                }
            }

            /// The legacy code (`e.code`), 0 for names that have none.
            pub fn legacy_code(self) -> u16 {
                match self {
                    $(DomExceptionName::$name => $code,)*
                }
            }
        }
    };
}

dom_exception_names! {
    IndexSizeError = 1,
    HierarchyRequestError = 3,
    WrongDocumentError = 4,
    InvalidCharacterError = 5,
    NoModificationAllowedError = 7,
    NotFoundError = 8,
    NotSupportedError = 9,
    InUseAttributeError = 10,
    InvalidStateError = 11,
    SyntaxError = 12,
    InvalidModificationError = 13,
    NamespaceError = 14,
    InvalidAccessError = 15,
    TypeMismatchError = 17,
    SecurityError = 18,
    NetworkError = 19,
    AbortError = 20,
    URLMismatchError = 21,
    QuotaExceededError = 22,
    TimeoutError = 23,
    InvalidNodeTypeError = 24,
    DataCloneError = 25,
    EncodingError = 0,
    NotReadableError = 0,
    UnknownError = 0,
    ConstraintError = 0,
    DataError = 0,
    TransactionInactiveError = 0,
    ReadOnlyError = 0,
    VersionError = 0,
    OperationError = 0,
    NotAllowedError = 0,
    OptOutError = 0,
}

impl DomExceptionName {
    /// The name called `name`, if the table has it.
    pub fn from_name(name: &str) -> Option<DomExceptionName> {
        Self::ALL.iter().copied().find(|n| n.as_str() == name)
    }
}

/// An exception to throw into the running realm.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(clippy::enum_variant_names, reason = "named as WebIDL names them")]
pub(crate) enum Exception {
    TypeError(String),
    RangeError(String),
    DomException(DomExceptionName, String),
}

impl Exception {
    pub fn dom(name: DomExceptionName, message: impl Into<String>) -> Exception {
        Exception::DomException(name, message.into())
    }

    /// Throws this in the current realm. A DOMException is made by that
    /// realm's bindings (`hooks.DOMException`); a realm without bindings
    /// gets an Error saying the same.
    pub fn throw(self, scope: &HandleScope<'_>, state: &AgentState) {
        let (name, message) = match self {
            Exception::TypeError(m) => {
                scope.throw_exception(v8::exception::type_error(scope, &m));
                return;
            }
            Exception::RangeError(m) => {
                scope.throw_exception(v8::exception::range_error(scope, &m));
                return;
            }
            Exception::DomException(name, m) => (name.as_str(), m),
        };
        let made = (|| {
            let ctx = scope.current_context()?;
            let frame = super::frame_of_context(scope, ctx)?;
            let hooks = hooks_of(scope, state, frame)?;
            let ctor = hooks.get_str(scope, ctx, "DOMException")?.to_function()?;
            let m = v8::String::new(scope, &message);
            let n = v8::String::new(scope, name);
            ctor.new_instance(scope, ctx, &[m.into(), n.into()])
        })();
        match made {
            Some(e) => scope.throw_exception(e.into()),
            None => {
                let text = v8::String::new(scope, &format!("{name}: {message}"));
                scope.throw_exception(v8::exception::error(scope, text));
            }
        }
    }
}

impl From<DomError> for Exception {
    /// dom-lite names each of its errors by its DOMException name.
    fn from(e: DomError) -> Exception {
        let name = DomExceptionName::from_name(e.dom_exception_name())
            .unwrap_or(DomExceptionName::UnknownError);
        Exception::DomException(name, e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_as_the_spec_writes_them_with_their_legacy_codes() {
        let security = DomExceptionName::from_name("SecurityError");
        assert_eq!(security, Some(DomExceptionName::SecurityError));
        assert_eq!(DomExceptionName::SecurityError.legacy_code(), 18);
        assert_eq!(DomExceptionName::DataCloneError.legacy_code(), 25);
        assert_eq!(DomExceptionName::NotAllowedError.legacy_code(), 0);
        assert_eq!(DomExceptionName::from_name("securityerror"), None);
        for name in DomExceptionName::ALL {
            assert_eq!(DomExceptionName::from_name(name.as_str()), Some(*name));
        }
    }

    #[test]
    fn every_dom_lite_error_maps_to_a_table_name() {
        let errors = [
            DomError::HierarchyRequest("h".into()),
            DomError::NotFound("n".into()),
            DomError::InvalidCharacter("i".into()),
            DomError::Syntax("s".into()),
            DomError::NoModificationAllowed("m".into()),
            DomError::NotSupported("u".into()),
        ];
        for e in errors {
            let expected = e.dom_exception_name();
            match Exception::from(e) {
                Exception::DomException(name, _) => assert_eq!(name.as_str(), expected),
                other => panic!("{other:?}"),
            }
        }
    }
}

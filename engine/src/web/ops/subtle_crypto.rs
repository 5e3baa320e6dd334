//! Ops of SubtleCrypto (Web Cryptography API): the digest algorithms, with
//! RustCrypto's `sha1` and `sha2`.
//!
//! <https://w3c.github.io/webcrypto/#subtlecrypto-interface> ("SubtleCrypto interface")

use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};

use super::{OpCx, OpError, OpResult};

/// The digest of `bytes` by the algorithm registered as `name` (as
/// normalized by the bindings), `None` for any other name.
fn digest_of(name: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    Some(match name {
        // https://w3c.github.io/webcrypto/#sha-operations-digest ("SHA: digest")
        "SHA-1" => Sha1::digest(bytes).to_vec(),
        "SHA-256" => Sha256::digest(bytes).to_vec(),
        "SHA-384" => Sha384::digest(bytes).to_vec(),
        "SHA-512" => Sha512::digest(bytes).to_vec(),
        _ => return None,
    })
}

/// The digest, by the normalized algorithm name argument 0, of the bytes
/// of the Uint8Array argument 1 (the bindings' copy), as a new ArrayBuffer.
fn digest<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let name = cx.str(0)?;
    let view = cx
        .arg(1)
        .to_array_buffer_view()
        .ok_or_else(|| OpError::type_error("not an ArrayBufferView"))?;
    let mut bytes = Vec::new();
    if let Some(buffer) = view.buffer(cx.scope) {
        let (offset, len) = (view.byte_offset(), view.byte_length());
        buffer.backing_store().append_range(offset, len, &mut bytes);
    }
    let digest = digest_of(&name, &bytes).ok_or_else(|| {
        OpError::dom(
            crate::web::exception::DomExceptionName::NotSupportedError,
            "Failed to execute 'digest' on 'SubtleCrypto': Algorithm: Unrecognized name",
        )
    })?;
    super::blob::array_buffer(cx, &digest)
}

op_list! {
    "subtleCryptoDigest" => digest,
}

#[cfg(test)]
mod tests {
    use super::digest_of;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// FIPS 180-2's "abc" vectors.
    #[test]
    fn known_answers() {
        let abc = |name| hex(&digest_of(name, b"abc").unwrap_or_default());
        assert_eq!(abc("SHA-1"), "a9993e364706816aba3e25717850c26c9cd0d89d");
        assert_eq!(
            abc("SHA-256"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(abc("SHA-384").starts_with("cb00753f45a35e8bb5a03d699ac65007"));
        assert!(abc("SHA-512").starts_with("ddaf35a193617abacc417349ae204131"));
        assert_eq!(digest_of("sha-1", b"abc"), None);
    }
}

//! Ops of Crypto (Web Cryptography API): the agent's seeded random bytes
//! (`web/random.rs`).
//!
//! <https://w3c.github.io/webcrypto/#crypto-interface> ("Crypto interface")

use super::{OpCx, OpError, OpResult};

/// Argument 0 (at most 65536, checked by the bindings) random bytes in a
/// new ArrayBuffer.
fn random_bytes<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let length = cx.u32(0)?;
    if length > 65536 {
        return Err(OpError::range_error("too many random bytes"));
    }
    let mut bytes = vec![0u8; length as usize];
    crate::web::random::random_bytes(&cx.state, &mut bytes);
    super::blob::array_buffer(cx, &bytes)
}

/// <https://w3c.github.io/webcrypto/#Crypto-method-randomUUID> ("randomUUID()"):
/// a version 4 UUID.
fn random_uuid<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let mut bytes = [0u8; 16];
    crate::web::random::random_bytes(&cx.state, &mut bytes);
    cx.string(&crate::web::random::uuid_v4(bytes))
}

op_list! {
    "cryptoRandomBytes" => random_bytes,
    "cryptoRandomUUID" => random_uuid,
}

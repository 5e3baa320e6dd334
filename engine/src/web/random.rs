//! Reproducible randomness in realms. Every realm's `Math.random` is our
//! own function over a seeded stream (`runtime/random.rs`), installed when
//! the realm is made, before any page script: V8's own generator can only
//! be seeded process-wide (`--random-seed`, which would also give every
//! realm the same numbers), and otherwise draws its per-realm seeds from
//! the isolate's generator, shared with object hashes and so with whatever
//! the bindings did first. Here a realm's numbers depend only on the host's
//! seed and the realm's place: clock group, the agent's order in its group,
//! the realm's order in its agent.

use std::collections::HashMap;

use super::agent::AgentState;
use crate::runtime::random::SeededRandom;
use crate::runtime::scheduler::GroupId;
use crate::v8::{self, FunctionArgs, HandleScope, Local, PropertyAttribute};

/// Which stream of an agent.
const MATH_RANDOM: u64 = 1;
const BYTES: u64 = 2;

/// An agent's random streams.
pub(crate) struct RandomSources {
    seed: u64,
    place: [u64; 2],
    /// `Math.random` of each realm, by the realm's order in the agent.
    realms: HashMap<u32, SeededRandom>,
    next_realm: u32,
    bytes: SeededRandom,
}

impl RandomSources {
    pub fn new(seed: u64, group: GroupId, ordinal: u32) -> RandomSources {
        let place = [u64::from(group), u64::from(ordinal)];
        RandomSources {
            seed,
            place,
            realms: HashMap::new(),
            next_realm: 0,
            bytes: SeededRandom::new(seed, &[place[0], place[1], BYTES]),
        }
    }

    /// The stream of realm number `realm` (see `reserve_realm`).
    fn start_realm(&mut self, realm: u32) {
        let stream = SeededRandom::new(
            self.seed,
            &[self.place[0], self.place[1], MATH_RANDOM, u64::from(realm)],
        );
        self.realms.insert(realm, stream);
    }
}

/// The number of the agent's next realm: its place in the agent's order,
/// taken when the realm would be made eagerly, even if it is made later
/// (`loading::ensure_context`), so that its numbers do not depend on when
/// something first needed it.
pub(crate) fn reserve_realm(state: &AgentState) -> u32 {
    let mut sources = state.random.borrow_mut();
    let realm = sources.next_realm;
    sources.next_realm += 1;
    realm
}

/// Random bytes from the agent's seeded stream, for `crypto.getRandomValues`
/// and `crypto.randomUUID` (same seed, same pages: same bytes).
pub(crate) fn random_bytes(state: &AgentState, bytes: &mut [u8]) {
    state.random.borrow_mut().bytes.fill(bytes);
}

/// Installs the own `Math.random` of realm number `realm` (from
/// `reserve_realm`) on `ctx`'s `Math` (writable and configurable, not
/// enumerable, like the built-in it replaces).
pub(crate) fn install_math_random(
    scope: &HandleScope<'_>,
    state: &AgentState,
    ctx: Local<'_, v8::Context>,
    realm: u32,
) {
    let _cs = v8::ContextScope::new(scope, ctx);
    state.random.borrow_mut().start_realm(realm);
    let data = v8::value::number(scope, f64::from(realm));
    let Some(function) = v8::Function::new(scope, ctx, math_random, Some(data), 0) else {
        return;
    };
    function.set_name(v8::String::internalized(scope, "random"));
    let global = ctx.global(scope);
    let math = global
        .get_str(scope, ctx, "Math")
        .and_then(|m| m.to_object(scope, ctx));
    if let Some(math) = math {
        let key = v8::String::internalized(scope, "random");
        let _ = math.define_own_property(
            ctx,
            key.into(),
            function.into(),
            PropertyAttribute::DONT_ENUM,
        );
    }
}

/// `Math.random()`: the next number of this realm's stream.
fn math_random<'s>(
    scope: &'s HandleScope<'s>,
    args: &FunctionArgs<'s>,
) -> Option<Local<'s, v8::Value>> {
    let state = scope.state::<AgentState>()?;
    let realm = args
        .data()
        .and_then(|d| scope.current_context().and_then(|ctx| d.number_value(ctx)))
        .map_or(0, |n| n as u32);
    let x = state
        .random
        .borrow_mut()
        .realms
        .get_mut(&realm)
        .map_or(0.0, SeededRandom::next_f64);
    Some(v8::value::number(scope, x))
}

/// <https://wicg.github.io/uuid/#dfn-generate-a-random-uuid> ("generate a
/// random UUID"): version 4, variant 10, lowercase hex.
pub(crate) fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::uuid_v4;

    #[test]
    fn a_uuid_has_its_version_and_variant() {
        let u = uuid_v4([0xff; 16]);
        assert_eq!(u, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        let u = uuid_v4([0; 16]);
        assert_eq!(u, "00000000-0000-4000-8000-000000000000");
    }
}

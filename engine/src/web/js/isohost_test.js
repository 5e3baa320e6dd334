// isohostTest (not a web interface): fault injection, for tests of crash
// containment only, present when the host was made with `fault_injection`;
// and activating a link as a user's click would (followHyperlink), for
// tests of link targets before elements have activation behaviour.

// Uses domHooks (event_target.js).

atRealmStart(() => {
  if (info.faultInjection) {
    ObjectDefineProperty(global, 'isohostTest', { __proto__: null,
      value: ObjectFreeze({
        panic() { ops.isohostTestPanic(); },
        followHyperlink(element, userActivation = true) {
          if (domHooks.followHyperlink === null) throw new TypeErrorCtor('isohostTest.followHyperlink: no hyperlinks here');
          domHooks.followHyperlink(element, userActivation);
        },
      }),
      writable: false, configurable: false, enumerable: false,
    });
  }
});

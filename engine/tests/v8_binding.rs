//! The binding on its own: contexts, tokens, callbacks, clone, termination.

use engine::v8::{self, HandleScope, Local};

/// The tests of this file run in parallel: `v8::initialize` makes a second
/// caller wait until the first has set V8 up.
fn init() {
    fn interceptor<'s>(scope: &'s HandleScope<'s>, call: &mut v8::Interception<'s>) {
        if let v8::PropertyKey::Named(name) = call.key {
            let name: Local<v8::Value> = name.into();
            let ctx = scope.current_context().unwrap();
            if name.to_rust_string(scope, ctx).as_deref() == Some("allowed") {
                call.result = Some(v8::String::new(scope, "served").into());
            }
        }
    }
    fn failed<'s>(scope: &'s HandleScope<'s>, _t: Local<'s, v8::Object>, _a: v8::AccessType) {
        let e = v8::exception::type_error(scope, "blocked");
        scope.throw_exception(e);
    }
    fn reject<'s>(
        _: &'s HandleScope<'s>,
        _: v8::PromiseRejectEvent,
        _: Local<'s, v8::Promise>,
        _: Option<Local<'s, v8::Value>>,
    ) {
    }
    v8::initialize(
        "",
        v8::HostHooks {
            interceptor,
            failed_access_check: failed,
            promise_reject: reject,
            clock_millis: || None,
            near_heap_limit: |_, c, _| c * 2,
            interrupt: |_, _| {},
            resolve_module: |_, _, _, _| None,
            dynamic_import: |_, _, _, _| None,
            import_meta: |_, _, _, _| {},
            atomics_wait: |_| {},
            // The host's policy here: one security token, one origin.
            access_check: |scope, accessing, _accessed, owner| {
                accessing
                    .security_token(scope)
                    .strict_equals(owner.security_token(scope))
            },
        },
    );
}

fn eval(scope: &HandleScope<'_>, ctx: Local<v8::Context>, src: &str) -> String {
    let _cs = v8::ContextScope::new(scope, ctx);
    let tc = v8::TryCatch::new(scope);
    let r = v8::Script::compile(scope, ctx, src, "test.js", 0, 0).and_then(|s| s.run(scope, ctx));
    match r {
        Some(v) => v.to_rust_string(scope, ctx).unwrap_or_default(),
        None => format!(
            "threw {}",
            tc.exception()
                .and_then(|e| e.to_rust_string(scope, ctx))
                .unwrap_or_default()
        ),
    }
}

fn add<'s>(
    scope: &'s HandleScope<'s>,
    args: &v8::FunctionArgs<'s>,
) -> Option<Local<'s, v8::Value>> {
    let ctx = scope.current_context()?;
    let a = args.get(0).number_value(ctx)?;
    let b = args.get(1).number_value(ctx)?;
    Some(v8::value::number(scope, a + b))
}

#[test]
fn tokens_callbacks_and_termination() {
    init();
    std::thread::spawn(|| {
        let mut isolate = v8::OwnedIsolate::new(0, true);
        let handle = isolate.thread_safe_handle();
        let scope = HandleScope::new(&mut isolate);
        let ft = v8::FunctionTemplate::empty(&scope);
        let proxy_t = ft.instance_template(&scope);
        proxy_t.set_internal_field_count(1);
        let data = v8::value::undefined(&scope);
        proxy_t.set_access_check(data);
        let a = v8::Context::new(&scope, Some(proxy_t), None).unwrap();
        let a2 = v8::Context::new(&scope, Some(proxy_t), None).unwrap();
        let b = v8::Context::new(&scope, Some(proxy_t), None).unwrap();
        let tok = v8::String::internalized(&scope, "http://a.test");
        a.set_security_token(tok.into());
        a2.set_security_token(v8::String::internalized(&scope, "http://a.test").into());
        b.set_security_token(v8::String::internalized(&scope, "http://b.test").into());
        {
            let _cs = v8::ContextScope::new(&scope, a);
            let g = a.global(&scope);
            g.set_str(&scope, a, "other", a2.global(&scope).into())
                .unwrap();
            g.set_str(&scope, a, "cross", b.global(&scope).into())
                .unwrap();
            let f = v8::Function::new(&scope, a, add, None, 2).unwrap();
            g.set_str(&scope, a, "add", f.into()).unwrap();
        }
        eval(&scope, a2, "var x = 41");
        assert_eq!(eval(&scope, a, "other.x + 1"), "42");
        assert_eq!(eval(&scope, a, "cross.allowed"), "served");
        assert_eq!(eval(&scope, a, "cross.secret"), "threw TypeError: blocked");
        assert_eq!(eval(&scope, a, "add(2, 3)"), "5");
        // Terminate an endless loop from another thread.
        let t = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(100));
            handle.terminate_execution();
        });
        assert!(eval(&scope, a, "for(;;){}").starts_with("threw"));
        t.join().unwrap();
        drop(scope);
        isolate.cancel_terminate_execution();
        let scope = HandleScope::new(&mut isolate);
        let c = v8::Context::new(&scope, None, None).unwrap();
        assert_eq!(eval(&scope, c, "'alive'"), "alive");
    })
    .join()
    .unwrap();
}

/// Text shared by every isolate (`String::new_static`, the bindings'
/// source) reads and compiles as its copy would, in two isolates; and a
/// thread's stack given back while idle grows again as before.
#[test]
fn static_text_and_released_stack() {
    init();
    const SOURCE: &str = "(function twice(n) { return n * 2; })";
    std::thread::Builder::new()
        .stack_size(16 << 20)
        .spawn(|| {
            let run = || {
                let mut isolate = v8::OwnedIsolate::new(0, true);
                let scope = HandleScope::new(&mut isolate);
                let ctx = v8::Context::new(&scope, None, None).unwrap();
                let _cs = v8::ContextScope::new(&scope, ctx);
                let text = v8::String::new_static(&scope, SOURCE);
                let text: Local<v8::Value> = text.into();
                assert_eq!(text.to_rust_string(&scope, ctx).as_deref(), Some(SOURCE));
                let (script, _) = v8::Script::compile_unbound_static(&scope, SOURCE, "t.js", None);
                let f = script.unwrap().bind_to_current_context(&scope).unwrap();
                let f = f.run(&scope, ctx).unwrap();
                let g = ctx.global(&scope);
                g.set_str(&scope, ctx, "twice", f).unwrap();
                assert_eq!(
                    eval(&scope, ctx, "twice(21) + ' ' + twice"),
                    "42 function twice(n) { return n * 2; }"
                );
                // Non-ASCII text is copied instead, and reads the same.
                let e: Local<v8::Value> = v8::String::new_static(&scope, "é → ü").into();
                assert_eq!(e.to_rust_string(&scope, ctx).as_deref(), Some("é → ü"));
                // Deep recursion touches much of the stack; given back, it
                // is there again for the next.
                let deep = "(function d(n) { return n ? d(n - 1) + 1 : 0; })(5000)";
                assert_eq!(eval(&scope, ctx, deep), "5000");
                assert!(v8::isolate::release_unused_thread_stack() > 1 << 20);
                assert_eq!(eval(&scope, ctx, deep), "5000");
            };
            run();
            run();
        })
        .unwrap()
        .join()
        .unwrap();
}

/// A heap snapshot is DevTools' JSON of the isolate's heap: it holds what
/// a context keeps (here a string only this test makes), and a path that
/// cannot be written is refused.
#[test]
fn heap_snapshot_holds_what_a_context_keeps() {
    init();
    let dir = std::env::temp_dir().join(format!("isohost-heap-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("one.heapsnapshot");
    let mut isolate = v8::OwnedIsolate::new(0, true);
    let kept = {
        let scope = HandleScope::new(&mut isolate);
        let ctx = v8::Context::new(&scope, None, None).unwrap();
        let _cs = v8::ContextScope::new(&scope, ctx);
        assert_eq!(
            eval(
                &scope,
                ctx,
                "globalThis.kept = ['heap', 'marker', 42].join('-'); kept"
            ),
            "heap-marker-42"
        );
        v8::Global::new(&scope, ctx)
    };
    assert!(isolate.write_heap_snapshot(&path));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("{\"snapshot\":{\"meta\":"),
        "{}",
        &text[..80.min(text.len())]
    );
    assert!(text.contains("\"heap-marker-42\""));
    assert!(!isolate.write_heap_snapshot(&dir.join("no such folder").join("x")));
    drop(kept);
    std::fs::remove_dir_all(&dir).unwrap();
}

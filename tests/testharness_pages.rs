//! The browser-behaviour fixtures: testharness.js pages under `pages/`
//! (event loop, timers, DOM events, the load sequence, postMessage,
//! structured clone, MessagePorts, the DOM, workers, storage, broadcast
//! channels, window.open), each run in a host
//! of its own as `isohost test` runs it. A page passes when the harness
//! finished (status OK) and every one of its subtests passed; a failure lists
//! the subtests that did not, with their messages, and the page's errors.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use isohost::testharness::{FileResult, SuiteOptions, run_file};

fn pages() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("pages")
}

/// Runs one fixture (a path under `pages/`) and fails with what went wrong.
fn run_page(fixture: &str) -> FileResult {
    let pages = pages();
    let mut options = SuiteOptions::new(&pages);
    options.jobs = 1;
    let result = run_file(&pages.join(fixture), &options);
    if let Some(report) = failure_report(&result) {
        panic!("{fixture}:\n{report}");
    }
    result
}

/// None when the page passed; else what a person needs to see.
fn failure_report(result: &FileResult) -> Option<String> {
    let failing: Vec<_> = result.tests.iter().filter(|t| !t.passed()).collect();
    if result.harness_status == "OK" && failing.is_empty() && !result.tests.is_empty() {
        return None;
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "harness {}{}",
        result.harness_status,
        result
            .harness_message
            .as_deref()
            .map(|m| format!(": {m}"))
            .unwrap_or_default()
    );
    if result.tests.is_empty() {
        let _ = writeln!(out, "no subtests reported");
    }
    let passed = result.tests.len() - failing.len();
    let _ = writeln!(out, "{passed} of {} subtests passed", result.tests.len());
    for t in failing {
        let _ = writeln!(
            out,
            "  {} {}: {}",
            t.status,
            t.name,
            t.message.as_deref().unwrap_or("")
        );
    }
    for e in &result.errors {
        let _ = writeln!(
            out,
            "  page error: {} ({}:{}:{})",
            e.message, e.url, e.line, e.column
        );
    }
    Some(out)
}

/// One `#[test]` per fixture page: `test_name => "host/path.html"`, and
/// optionally `then check` for what only the host can see.
macro_rules! testharness_pages {
    ($($name:ident => $fixture:literal $(then $check:path)?,)*) => {
        $(
            #[test]
            fn $name() {
                let _result = run_page($fixture);
                $($check(&_result);)?
            }
        )*

        /// Every fixture listed above, to check none is forgotten.
        const LISTED: &[&str] = &[$($fixture),*];
    };
}

#[test]
fn every_testharness_page_under_pages_has_a_test() {
    let pages = pages();
    let found =
        isohost::testharness::collect(std::slice::from_ref(&pages), &SuiteOptions::new(&pages))
            .expect("pages/ is readable");
    let mut missing = Vec::new();
    for path in found {
        let relative = path
            .strip_prefix(&pages)
            .expect("under pages/")
            .to_string_lossy()
            .replace('\\', "/");
        if !LISTED.contains(&relative.as_str()) {
            missing.push(relative);
        }
    }
    assert!(
        missing.is_empty(),
        "testharness pages without a #[test] here: {missing:#?}"
    );
}

/// Dialogs: a console line each where allow-modals allows them, a refusal
/// where the sandbox does not; a form submission refused without
/// allow-forms is logged too.
fn modals_are_logged_or_refused(result: &FileResult) {
    let lines: Vec<&str> = result.console.iter().map(|l| l.text.as_str()).collect();
    assert!(
        lines.contains(&"[alert] hello from modals"),
        "allow-modals: {lines:#?}"
    );
    assert!(
        lines.contains(&"[confirm] may I?") && lines.contains(&"[prompt] name?"),
        "{lines:#?}"
    );
    assert!(
        lines.contains(
            &"Ignored call to 'alert()'. The document is sandboxed, and the 'allow-modals' keyword is not set."
        ),
        "without allow-modals: {lines:#?}"
    );
    assert!(
        !lines.contains(&"[alert] hello from scripts"),
        "no dialog without allow-modals: {lines:#?}"
    );
    assert!(
        lines.contains(
            &"Blocked form submission to 'http://a.test/contexts/sandbox-form-child.html' because the form's frame is sandboxed and the 'allow-forms' permission is not set."
        ),
        "a form submission without allow-forms is refused, and logged: {lines:#?}"
    );
}

/// Virtual time: the 30 s of the page's timers take well under 30 s.
fn finishes_in_a_few_real_seconds(result: &FileResult) {
    assert!(
        result.duration < Duration::from_secs(10),
        "30 s of timers took {:?} of real time",
        result.duration
    );
}

/// A listener's exception that no error listener canceled is in the page's
/// errors, with its place.
fn uncanceled_listener_errors_reach_the_host(result: &FileResult) {
    let recorded = result
        .errors
        .iter()
        .find(|e| e.message.contains("nobody cancels this one"))
        .unwrap_or_else(|| panic!("the uncanceled error is recorded: {:#?}", result.errors));
    assert!(
        recorded.url == "http://a.test/tests/events-listener-exceptions-are-reported.html"
            && recorded.line > 0,
        "with its place: {recorded:?}"
    );
    assert!(
        !result.errors.iter().any(|e| e.message.contains("boom")),
        "canceled errors are not recorded: {:#?}",
        result.errors
    );
}

testharness_pages! {
    testharness_js_runs_in_isohost => "a.test/tests/smoke.html",

    // The event loop and timers.
    the_event_loop_runs_microtasks_before_the_next_task_and_after_every_script
        => "a.test/tests/event-loop-microtasks-and-tasks.html",
    timers_take_arguments_delays_and_clearing_as_html_says
        => "a.test/tests/timers-arguments-and-clearing.html",
    a_30_second_timer_fires_in_virtual_time_and_the_clocks_move_with_it
        => "a.test/tests/timers-virtual-time.html" then finishes_in_a_few_real_seconds,
    every_event_fired_from_a_task_runs_microtasks_between_its_listeners
        => "a.test/tests/event-loop-microtasks-between-listeners-of-task-events.html",
    the_event_loop_is_fair_and_the_virtual_clock_moves_by_steps
        => "a.test/tests/event-loop-fairness-and-virtual-clock.html",

    // DOM events.
    events_dispatch_in_capture_target_bubble_order
        => "a.test/tests/events-dispatch-in-capture-target-bubble-order.html",
    listener_options_once_passive_and_signal_work
        => "a.test/tests/events-listener-options-once-passive-signal.html",
    events_stop_propagating_and_cancel_as_the_dom_says
        => "a.test/tests/events-propagation-and-cancelation.html",
    event_and_custom_event_carry_their_fields
        => "a.test/tests/events-event-and-custom-event-fields.html",
    handler_properties_and_attributes_run_with_this_event_and_their_scope
        => "a.test/tests/events-handler-properties-and-attributes.html",
    handler_idl_attributes_are_webidl_accessors_of_their_own_event
        => "a.test/tests/events-handler-idl-attributes-are-webidl-accessors.html",
    an_exception_in_a_listener_is_reported_and_the_next_listener_runs
        => "a.test/tests/events-listener-exceptions-are-reported.html"
        then uncanceled_listener_errors_reach_the_host,
    ui_events_take_their_init_dictionaries_and_legacy_initializers
        => "a.test/tests/ui-events-constructors-and-legacy-initializers.html",
    click_activates_checkboxes_labels_links_and_forms_and_focus_moves
        => "a.test/tests/ui-events-click-activation-and-focus.html",

    // Loading, messaging and cloning.
    the_window_load_waits_for_every_iframe_after_dom_content_loaded
        => "a.test/tests/load-sequence-with-iframes.html",
    a_script_less_frame_gets_its_realm_when_needed_showing_what_an_eager_one_would
        => "a.test/tests/frames-realm-made-on-first-use.html",
    post_message_between_frames_carries_origin_and_source_and_always_copies
        => "a.test/tests/post-message-between-frames.html",
    structured_clone_keeps_values_and_refuses_platform_objects
        => "a.test/tests/structured-clone-fidelity.html",
    body_onmessage_handles_window_messages_and_event_state_stays_hidden
        => "a.test/tests/body-onmessage-and-event-state.html",
    message_ports_deliver_in_order_and_keep_working_across_origins
        => "a.test/tests/message-channel-and-ports.html",
    post_message_converts_its_arguments_and_checks_transferables_as_the_spec_orders
        => "a.test/tests/post-message-arguments-and-transfer.html",
    fired_message_events_look_constructed_and_platform_objects_take_new_target_prototypes
        => "a.test/tests/message-events-as-fired.html",
    cross_origin_windows_and_locations_expose_the_spec_descriptors_and_keys
        => "a.test/tests/cross-origin-window-proxy-and-location.html",
    storage_is_a_legacy_platform_object_over_utf16_items
        => "a.test/tests/storage-legacy-platform-object.html",

    // The DOM.
    tree_mutations_work_and_throw_the_dom_errors
        => "a.test/tests/dom-tree-mutation-and-errors.html",
    text_markup_attributes_class_list_and_dataset_round_trip
        => "a.test/tests/dom-content-attributes-and-serialization.html",
    selectors_and_lookups_find_the_right_elements
        => "a.test/tests/dom-selectors-and-lookup.html",
    iframe_elements_expose_their_windows_and_documents
        => "a.test/tests/dom-iframe-element.html",
    mutation_observers_get_their_records_at_microtask_timing
        => "a.test/tests/mutation-observer.html",
    shadow_trees_hang_off_their_hosts_scope_queries_and_assign_slots
        => "a.test/tests/shadow-dom-tree-and-slots.html",
    events_from_shadow_trees_are_retargeted_and_closed_trees_stay_hidden
        => "a.test/tests/shadow-dom-event-retargeting.html",
    events_through_shadow_trees_ignore_what_a_page_put_on_object_prototype
        => "a.test/tests/shadow-dom-events-and-object-prototype.html",
    the_hosts_lists_dictionaries_and_microtasks_ignore_patched_builtin_prototypes
        => "a.test/tests/bindings-and-patched-builtin-prototypes.html",
    form_data_url_search_params_and_headers_iterate_live_with_their_own_iterators
        => "a.test/tests/webidl-pair-iterators.html",
    srcdoc_documents_and_base_elements_give_the_document_base_url
        => "a.test/tests/document-base-url.html",
    document_open_write_and_close_after_parsing_build_a_new_document
        => "a.test/tests/document-open-write-close.html",
    document_open_before_the_load_event_loads_the_new_document_once
        => "a.test/tests/document-open-during-load.html",
    create_document_makes_xml_documents_and_create_element_ns_validates_names
        => "a.test/tests/dom-create-document-and-element-ns.html",
    xml_documents_parse_and_serialize_with_namespaces
        => "a.test/tests/xml-documents-from-dom-parser.html",
    dom_parser_reads_the_whole_source_in_every_string_form
        => "a.test/tests/dom-parser-source-text.html",
    inner_html_and_insert_adjacent_html_read_the_whole_markup_in_every_string_form
        => "a.test/tests/inner-html-source-text.html",
    window_and_document_members_follow_their_idl_and_svg_scripts_run
        => "a.test/tests/window-and-document-members.html",
    interfaces_made_on_first_use_look_eager_in_frames_and_workers
        => "a.test/tests/lazy-interfaces-look-eager.html",
    html_elements_get_their_element_interface_by_local_name
        => "a.test/tests/dom-element-interface-by-tag.html",
    custom_element_definitions_are_checked_and_read_in_the_spec_order
        => "a.test/tests/custom-elements-define-and-registry.html",
    custom_elements_are_constructed_and_upgraded_in_tree_order
        => "a.test/tests/custom-elements-construction-and-upgrade.html",
    custom_element_reactions_run_at_the_end_of_each_dom_call_and_report_errors
        => "a.test/tests/custom-elements-reactions.html",
    elements_the_parser_makes_after_their_definition_are_custom_before_the_next_script
        => "a.test/tests/custom-elements-parser.html",
    custom_elements_in_shadow_trees_upgrade_and_react_and_constructors_are_checked
        => "a.test/tests/custom-elements-and-shadow-trees.html",

    // Workers, tabs and per-origin state.
    workers_are_isolates_that_share_only_messages
        => "a.test/workers/workers.html",
    worker_script_urls_use_the_document_base_url_and_blob_url_origins
        => "a.test/workers/script-urls.html",
    shared_workers_are_one_per_origin_url_and_name_and_shared_by_tabs
        => "a.test/shared-workers/shared-workers.html",
    nested_workers_message_pass_errors_up_and_close_with_their_parent
        => "a.test/shared-workers/nested-workers.html",
    worker_globals_expose_only_worker_interfaces_and_mute_foreign_errors
        => "a.test/shared-workers/worker-globals.html",
    local_storage_is_per_origin_and_fires_storage_events_in_other_documents
        => "a.test/shared/storage.html",
    broadcast_channels_reach_frames_and_workers_of_the_origin_only
        => "a.test/shared/broadcast.html",
    window_open_of_the_same_origin_shares_the_openers_isolate_and_heap
        => "a.test/tabs/opener.html",

    // Browsing contexts (issue 11).
    popups_go_where_their_agent_cluster_is_and_reach_what_their_origin_allows
        => "a.test/contexts/popups.html",
    links_and_forms_without_a_target_go_where_the_base_target_says
        => "a.test/contexts/base-target.html",
    each_kind_of_navigation_fires_the_unload_events_and_keeps_the_window_proxy
        => "a.test/contexts/navigation.html",
    session_history_traverses_with_popstate_and_hashchange
        => "a.test/contexts/history.html",
    document_domain_relaxes_the_same_origin_check_only_when_both_set_it
        => "a.x.test/contexts/domain.html",
    an_origin_is_shared_by_srcdoc_and_about_blank_documents_domain_and_all
        => "a.x.test/contexts/domain-shared-origin.html",
    location_urls_parse_against_the_running_scripts_document
        => "a.test/contexts/location-entry-base-url.html",
    each_sandbox_flag_gives_back_what_it_names
        => "a.test/contexts/sandbox.html" then modals_are_logged_or_refused,

    // Classic and module scripts.
    deferred_async_and_inserted_scripts_run_in_their_order_as_prepared
        => "a.test/scripts/scripts.html",
    module_scripts_are_deferred_import_each_other_once_and_report_errors
        => "a.test/modules/modules.html",
    every_way_a_module_graph_can_fail_is_reported_and_none_is_fatal
        => "a.test/modules/failures.html",

    // Streams.
    readable_streams_read_tee_iterate_and_come_from_iterables
        => "a.test/streams/readable-stream.html",
    byte_streams_fill_byob_views_and_tee_into_byte_streams
        => "a.test/streams/byte-streams.html",
    writable_streams_queue_with_backpressure_close_and_abort
        => "a.test/streams/writable-stream.html",
    transform_streams_and_pipes_follow_the_abort_signal
        => "a.test/streams/transform-and-pipes.html",
    queuing_strategies_and_text_encoding_streams
        => "a.test/streams/strategies-and-encoding-streams.html",
    streams_work_in_dedicated_workers
        => "a.test/streams/streams-in-a-worker.html",

    // Fetch.
    headers_validate_guard_normalise_and_iterate_sorted
        => "a.test/fetch/headers.html",
    requests_and_responses_carry_bodies_that_are_read_once
        => "a.test/fetch/request-and-response.html",
    fetch_serves_same_origin_files_redirects_and_refuses_escapes
        => "a.test/fetch/fetch-same-origin.html",
    fetch_across_origins_needs_cors_and_no_cors_is_opaque
        => "a.test/fetch/fetch-cross-origin.html",
    fetch_works_in_dedicated_workers
        => "a.test/fetch/fetch-in-a-worker.html",

    // XMLHttpRequest.
    xhr_fires_its_events_in_order_and_reads_every_response_type
        => "a.test/xhr/xhr-async-events.html",
    xhr_sends_synchronously_with_upload_events_and_form_bodies
        => "a.test/xhr/xhr-sync-upload-and-bodies.html",

    // Bytes (issue 12): Blob, File, FileReader, blob: URLs, encodings,
    // crypto, ImageData.
    blobs_take_every_kind_of_part_slice_and_read_as_the_file_api_says
        => "a.test/blob/blob-basics.html",
    blobs_and_files_cross_to_workers_and_cross_origin_frames_sharing_their_bytes
        => "a.test/blob/blob-across-agents.html",
    blob_urls_load_in_scripts_frames_workers_and_imports_until_revoked
        => "a.test/blob/blob-urls.html",
    documents_and_scripts_decode_by_bom_content_type_meta_charset_or_parent
        => "a.test/encoding/document-encodings.html",
    text_decoder_takes_every_encoding_fatal_ignore_bom_and_streams
        => "a.test/encoding/text-decoder.html",
    file_reader_reads_with_its_events_in_order_and_file_reader_sync_in_workers
        => "a.test/blob/file-reader.html",
    file_lists_of_file_inputs_clone_to_workers_and_through_ports
        => "a.test/blob/file-list.html",
    crypto_fills_integer_arrays_and_makes_uuids_in_windows_and_workers
        => "a.test/crypto/crypto.html",
    blobs_are_bodies_of_fetch_and_xhr_and_blob_urls_fetch_until_revoked
        => "a.test/blob/blob-fetch.html",
    image_data_constructs_as_html_says_and_clones_to_workers_and_cross_origin_frames
        => "a.test/image-data/image-data.html",
    subtle_digest_gives_sha_known_answers_in_windows_and_workers
        => "a.test/crypto/subtle-digest.html",
    form_data_blob_entries_become_files_and_multipart_bodies_carry_their_bytes
        => "a.test/form-data/form-data-files.html",
    blob_urls_answer_one_range_with_206_and_refuse_the_rest
        => "a.test/blob/blob-range.html",
    a_late_meta_charset_changes_a_tentative_encoding
        => "a.test/encoding/late-meta-charset.html",
}

#[test]
fn collect_refuses_a_shard_outside_1_to_n_instead_of_panicking() {
    let pages = pages();
    for shard in [(0, 2), (3, 2), (1, 0)] {
        let mut options = SuiteOptions::new(&pages);
        options.shard = Some(shard);
        let e = isohost::testharness::collect(std::slice::from_ref(&pages), &options)
            .expect_err("an invalid shard is an error");
        assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput, "{shard:?}: {e}");
    }
}

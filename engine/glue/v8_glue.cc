// isohost's C ABI over V8 10.2 (Debian 12 libnode108).
//
// Thin and engine-shaped, after rusty_v8's binding.cc: one `v8__Class__Method`
// function per V8 operation, no browser policy. A `v8::Local<T>` crosses the
// boundary as the `T*` it wraps; a `MaybeLocal` or `Maybe` that is empty (an
// exception is pending) crosses as a null pointer or a false return.
//
// Callbacks into Rust go through one table (HostCallbacks) set at start-up.
// Rust catches every panic before it returns here: no unwinding crosses.

#include <libplatform/libplatform.h>
#include <v8-profiler.h>
#include <v8-value-serializer.h>
#include <v8.h>

#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <vector>

using namespace v8;

namespace {

template <class T>
inline T* P(Local<T> local) {
  return *local;
}
template <class T>
inline T* P(MaybeLocal<T> maybe) {
  Local<T> local;
  return maybe.ToLocal(&local) ? *local : nullptr;
}
// A Maybe<bool> as the C ABI's int: 1 done, 0 refused, -1 exception.
inline int B(Maybe<bool> r) { return r.IsNothing() ? -1 : r.FromJust(); }
template <class T>
inline Local<T> L(const T* ptr) {
  Local<T> local;
  static_assert(sizeof(local) == sizeof(ptr), "Local<T> is one pointer");
  std::memcpy(static_cast<void*>(&local), &ptr, sizeof(ptr));
  return local;
}

}  // namespace

extern "C" {

// ---------------------------------------------------------------------------
// Callbacks into Rust.

// One interceptor call, whatever its kind; Rust fills in the result.
struct InterceptorCall {
  int kind;  // 0 get, 1 set, 2 query, 3 delete, 4 enumerate, 5 define, 6 descriptor, 7 lazy
  int indexed;
  const Name* name;  // named interceptors
  uint32_t index;    // indexed interceptors
  const Value* value;
  const Object* holder;
  Isolate* isolate;
  const Value* data;
  // Out: set `intercepted` to 1 and `result` to the value (get, descriptor),
  // an Integer of PropertyAttribute bits (query), an Array (enumerate).
  int intercepted;
  const Value* result;
};

struct HostCallbacks {
  void (*interceptor)(InterceptorCall* call);
  void (*failed_access_check)(const Object* target, int access_type,
                              const Value* data);
  void (*promise_reject)(int event, const Promise* promise,
                         const Value* value);
  double (*clock_millis)(int* has_value);
  // Serializer delegate.
  void (*ser_throw_data_clone_error)(void* rust, Isolate* isolate,
                                     const String* message);
  int (*ser_write_host_object)(void* rust, Isolate* isolate,
                               const Object* object);
  int (*ser_get_shared_array_buffer_id)(void* rust, Isolate* isolate,
                                        const SharedArrayBuffer* sab,
                                        uint32_t* id);
  const Object* (*de_read_host_object)(void* rust, Isolate* isolate);
  const SharedArrayBuffer* (*de_get_shared_array_buffer_from_id)(
      void* rust, Isolate* isolate, uint32_t id);
  size_t (*near_heap_limit)(void* data, size_t current, size_t initial);
  void (*interrupt)(Isolate* isolate, void* data);
  // Modules: resolve a static import; start a dynamic import(); fill
  // import.meta. Results are read after the call returns.
  const Module* (*resolve_module)(const Context* context, const String* specifier,
                                  const Module* referrer);
  const Promise* (*dynamic_import)(const Context* context, const Value* resource_name,
                                   const String* specifier);
  void (*import_meta)(const Context* context, const Module* module, const Object* meta);
  // Atomics.wait starts (event 0, kStartWait) or ends (any other event).
  void (*atomics_wait)(int event);
  // ArrayBuffer memory: may `length` bytes be had on this thread (0: no)?
  // If so they are charged to its agent's account, set in `*account` (null:
  // none), and given back by `memory_release` when freed, on any thread.
  int (*memory_charge)(size_t length, void** account);
  void (*memory_release)(void* account, size_t length);
  // Access checks: may script of `accessing` (a native context) reach
  // `accessed`, an object made by `owner`? Decided by the host (HTML's
  // IsPlatformObjectSameOrigin).
  int (*access_check)(const Context* accessing, const Object* accessed,
                      const Context* owner);
};

static HostCallbacks g_callbacks;

void v8__HostCallbacks__Set(const HostCallbacks* callbacks) {
  g_callbacks = *callbacks;
}

}  // extern "C"

namespace {

// The default platform, with Date's clock read through Rust, so that a tab
// under virtual time sees its virtual clock in Date.now() and new Date().
class HostPlatform : public Platform {
 public:
  explicit HostPlatform(std::unique_ptr<Platform> inner)
      : inner_(std::move(inner)) {}
  Platform* inner() { return inner_.get(); }

  PageAllocator* GetPageAllocator() override {
    return inner_->GetPageAllocator();
  }
  void OnCriticalMemoryPressure() override {
    inner_->OnCriticalMemoryPressure();
  }
  bool OnCriticalMemoryPressure(size_t length) override {
    return inner_->OnCriticalMemoryPressure(length);
  }
  int NumberOfWorkerThreads() override {
    return inner_->NumberOfWorkerThreads();
  }
  std::shared_ptr<TaskRunner> GetForegroundTaskRunner(
      Isolate* isolate) override {
    return inner_->GetForegroundTaskRunner(isolate);
  }
  void CallOnWorkerThread(std::unique_ptr<Task> task) override {
    inner_->CallOnWorkerThread(std::move(task));
  }
  void CallBlockingTaskOnWorkerThread(std::unique_ptr<Task> task) override {
    inner_->CallBlockingTaskOnWorkerThread(std::move(task));
  }
  void CallLowPriorityTaskOnWorkerThread(std::unique_ptr<Task> task) override {
    inner_->CallLowPriorityTaskOnWorkerThread(std::move(task));
  }
  void CallDelayedOnWorkerThread(std::unique_ptr<Task> task,
                                 double delay_in_seconds) override {
    inner_->CallDelayedOnWorkerThread(std::move(task), delay_in_seconds);
  }
  bool IdleTasksEnabled(Isolate* isolate) override {
    return inner_->IdleTasksEnabled(isolate);
  }
  std::unique_ptr<JobHandle> PostJob(
      TaskPriority priority, std::unique_ptr<JobTask> job_task) override {
    return inner_->PostJob(priority, std::move(job_task));
  }
  double MonotonicallyIncreasingTime() override {
    return inner_->MonotonicallyIncreasingTime();
  }
  double CurrentClockTimeMillis() override {
    if (g_callbacks.clock_millis != nullptr) {
      int has_value = 0;
      double ms = g_callbacks.clock_millis(&has_value);
      if (has_value) return ms;
    }
    return inner_->CurrentClockTimeMillis();
  }
  TracingController* GetTracingController() override {
    return inner_->GetTracingController();
  }
  StackTracePrinter GetStackTracePrinter() override {
    return inner_->GetStackTracePrinter();
  }

 private:
  std::unique_ptr<Platform> inner_;
};

HostPlatform* g_platform = nullptr;

// ArrayBuffer memory, counted: each block carries, before the bytes V8
// sees, the account it was charged to and its length, so that a free on
// any thread (a transferred or shared buffer dies wherever its last user
// is) gives the bytes back to the agent that allocated them, once.
class AccountingAllocator : public ArrayBuffer::Allocator {
 public:
  void* Allocate(size_t length) override { return Take(length, true); }
  void* AllocateUninitialized(size_t length) override {
    return Take(length, false);
  }
  void Free(void* data, size_t) override {
    if (data == nullptr) return;
    Header* header = reinterpret_cast<Header*>(static_cast<char*>(data) -
                                               sizeof(Header));
    void* account = header->account;
    size_t length = header->length;
    std::free(header);
    if (account != nullptr) g_callbacks.memory_release(account, length);
  }

 private:
  // 16 bytes: the bytes after it keep malloc's 16-byte alignment.
  struct alignas(16) Header {
    void* account;
    size_t length;
  };
  static_assert(sizeof(Header) == 16, "the header keeps 16-byte alignment");

  void* Take(size_t length, bool zeroed) {
    if (length > SIZE_MAX - sizeof(Header)) return nullptr;
    void* account = nullptr;
    if (g_callbacks.memory_charge != nullptr &&
        g_callbacks.memory_charge(length, &account) == 0) {
      return nullptr;
    }
    void* raw = zeroed ? std::calloc(1, length + sizeof(Header))
                       : std::malloc(length + sizeof(Header));
    if (raw == nullptr) {
      if (account != nullptr) g_callbacks.memory_release(account, length);
      return nullptr;
    }
    Header* header = static_cast<Header*>(raw);
    header->account = account;
    header->length = length;
    return static_cast<char*>(raw) + sizeof(Header);
  }
};

// One allocator for every isolate, so that an ArrayBuffer's backing store can
// move from one isolate to another (transfer, SharedArrayBuffer).
std::shared_ptr<ArrayBuffer::Allocator> g_allocator;

// External references of a start-up snapshot being made on this thread:
// every native callback a template or function made while it is recorded
// may hold, so that V8 can write it as an index and find it again in each
// isolate made from the snapshot (same table, same process). Null on
// threads that make no snapshot.
struct ExternalReferences {
  static constexpr size_t kCapacity = 16384;
  intptr_t* table = new intptr_t[kCapacity]();  // zero-terminated
  size_t length = 0;
  bool overflowed = false;
  void Add(intptr_t address) {
    if (address == 0) return;
    for (size_t i = 0; i < length; i++) {
      if (table[i] == address) return;
    }
    if (length + 1 >= kCapacity) {
      overflowed = true;
      return;
    }
    table[length++] = address;
  }
};
thread_local ExternalReferences* t_recording = nullptr;
template <class F>
void Record(F* function) {
  if (t_recording != nullptr) t_recording->Add(reinterpret_cast<intptr_t>(function));
}

// Access checks go to the host, which decides (no policy here). V8 asks
// only when it cannot allow the access itself: for a global proxy when the
// security tokens differ; for other access-checked objects (Location) on
// every access.
bool HostAccessCheck(Local<Context> accessing, Local<Object> accessed,
                     Local<Value> data) {
  // V8 may pass the running function's context, not a native context, and
  // only native contexts carry a security token: go through the global. A
  // remote WindowProxy (another isolate's frame) has no creation context:
  // never accessible.
  Local<Context> mine, owner;
  if (!accessing->Global()->GetCreationContext().ToLocal(&mine)) return false;
  if (!accessed->GetCreationContext().ToLocal(&owner)) return false;
  return g_callbacks.access_check(P(mine), P(accessed), P(owner)) != 0;
}

InterceptorCall NewCall(int kind, Isolate* isolate, Local<Object> holder,
                        Local<Value> data) {
  InterceptorCall call{};
  call.kind = kind;
  call.isolate = isolate;
  call.holder = P(holder);
  call.data = P(data);
  return call;
}

template <class Info>
InterceptorCall NamedCall(int kind, Local<Name> name, const Info& info) {
  InterceptorCall call = NewCall(kind, info.GetIsolate(), info.Holder(), info.Data());
  call.name = P(name);
  return call;
}

template <class Info>
InterceptorCall IndexedCall(int kind, uint32_t index, const Info& info) {
  InterceptorCall call = NewCall(kind, info.GetIsolate(), info.Holder(), info.Data());
  call.indexed = 1;
  call.index = index;
  return call;
}

void Dispatch(InterceptorCall* call) { g_callbacks.interceptor(call); }

void NamedGetter(Local<Name> name, const PropertyCallbackInfo<Value>& info) {
  InterceptorCall call = NamedCall(0, name, info);
  Dispatch(&call);
  if (call.intercepted && call.result) info.GetReturnValue().Set(L(call.result));
}
void NamedSetter(Local<Name> name, Local<Value> value,
                 const PropertyCallbackInfo<Value>& info) {
  InterceptorCall call = NamedCall(1, name, info);
  call.value = P(value);
  Dispatch(&call);
  if (call.intercepted) info.GetReturnValue().Set(value);
}
void NamedQuery(Local<Name> name, const PropertyCallbackInfo<Integer>& info) {
  InterceptorCall call = NamedCall(2, name, info);
  Dispatch(&call);
  if (call.intercepted && call.result)
    info.GetReturnValue().Set(L(call.result).As<Integer>());
}
void NamedDeleter(Local<Name> name, const PropertyCallbackInfo<Boolean>& info) {
  InterceptorCall call = NamedCall(3, name, info);
  Dispatch(&call);
  if (call.intercepted) info.GetReturnValue().Set(false);
}
void NamedEnumerator(const PropertyCallbackInfo<Array>& info) {
  InterceptorCall call = NewCall(4, info.GetIsolate(), info.Holder(), info.Data());
  Dispatch(&call);
  if (call.intercepted && call.result)
    info.GetReturnValue().Set(L(call.result).As<Array>());
}
void NamedDefiner(Local<Name> name, const PropertyDescriptor& desc,
                  const PropertyCallbackInfo<Value>& info) {
  InterceptorCall call = NamedCall(5, name, info);
  Dispatch(&call);
  if (call.intercepted) info.GetReturnValue().Set(false);
}
void NamedDescriptor(Local<Name> name, const PropertyCallbackInfo<Value>& info) {
  InterceptorCall call = NamedCall(6, name, info);
  Dispatch(&call);
  if (call.intercepted && call.result) info.GetReturnValue().Set(L(call.result));
}
// A lazy data property's first read (kind 7): the host makes the value.
void LazyGetter(Local<Name> name, const PropertyCallbackInfo<Value>& info) {
  InterceptorCall call = NamedCall(7, name, info);
  Dispatch(&call);
  if (call.intercepted && call.result) info.GetReturnValue().Set(L(call.result));
}

void IndexedGetter(uint32_t index, const PropertyCallbackInfo<Value>& info) {
  InterceptorCall call = IndexedCall(0, index, info);
  Dispatch(&call);
  if (call.intercepted && call.result) info.GetReturnValue().Set(L(call.result));
}
void IndexedSetter(uint32_t index, Local<Value> value,
                   const PropertyCallbackInfo<Value>& info) {
  InterceptorCall call = IndexedCall(1, index, info);
  call.value = P(value);
  Dispatch(&call);
  if (call.intercepted) info.GetReturnValue().Set(value);
}
void IndexedQuery(uint32_t index, const PropertyCallbackInfo<Integer>& info) {
  InterceptorCall call = IndexedCall(2, index, info);
  Dispatch(&call);
  if (call.intercepted && call.result)
    info.GetReturnValue().Set(L(call.result).As<Integer>());
}
void IndexedDeleter(uint32_t index, const PropertyCallbackInfo<Boolean>& info) {
  InterceptorCall call = IndexedCall(3, index, info);
  Dispatch(&call);
  if (call.intercepted) info.GetReturnValue().Set(false);
}
void IndexedEnumerator(const PropertyCallbackInfo<Array>& info) {
  InterceptorCall call = NewCall(4, info.GetIsolate(), info.Holder(), info.Data());
  call.indexed = 1;
  Dispatch(&call);
  if (call.intercepted && call.result)
    info.GetReturnValue().Set(L(call.result).As<Array>());
}
void IndexedDefiner(uint32_t index, const PropertyDescriptor& desc,
                    const PropertyCallbackInfo<Value>& info) {
  InterceptorCall call = IndexedCall(5, index, info);
  Dispatch(&call);
  if (call.intercepted) info.GetReturnValue().Set(false);
}
void IndexedDescriptor(uint32_t index, const PropertyCallbackInfo<Value>& info) {
  InterceptorCall call = IndexedCall(6, index, info);
  Dispatch(&call);
  if (call.intercepted && call.result) info.GetReturnValue().Set(L(call.result));
}

NamedPropertyHandlerConfiguration NamedConfig(Local<Value> data) {
  return NamedPropertyHandlerConfiguration(
      NamedGetter, NamedSetter, NamedQuery, NamedDeleter, NamedEnumerator,
      NamedDefiner, NamedDescriptor, data, PropertyHandlerFlags::kNone);
}
IndexedPropertyHandlerConfiguration IndexedConfig(Local<Value> data) {
  return IndexedPropertyHandlerConfiguration(
      IndexedGetter, IndexedSetter, IndexedQuery, IndexedDeleter,
      IndexedEnumerator, IndexedDefiner, IndexedDescriptor, data,
      PropertyHandlerFlags::kNone);
}

// The interceptors' callbacks, as external references of a snapshot.
void InterceptorCallbacks(ExternalReferences* refs) {
  const intptr_t callbacks[] = {
      reinterpret_cast<intptr_t>(&NamedGetter),
      reinterpret_cast<intptr_t>(&NamedSetter),
      reinterpret_cast<intptr_t>(&NamedQuery),
      reinterpret_cast<intptr_t>(&NamedDeleter),
      reinterpret_cast<intptr_t>(&NamedEnumerator),
      reinterpret_cast<intptr_t>(&NamedDefiner),
      reinterpret_cast<intptr_t>(&NamedDescriptor),
      reinterpret_cast<intptr_t>(&LazyGetter),
      reinterpret_cast<intptr_t>(&IndexedGetter),
      reinterpret_cast<intptr_t>(&IndexedSetter),
      reinterpret_cast<intptr_t>(&IndexedQuery),
      reinterpret_cast<intptr_t>(&IndexedDeleter),
      reinterpret_cast<intptr_t>(&IndexedEnumerator),
      reinterpret_cast<intptr_t>(&IndexedDefiner),
      reinterpret_cast<intptr_t>(&IndexedDescriptor),
  };
  for (intptr_t c : callbacks) refs->Add(c);
}

void FailedAccessCheck(Local<Object> target, AccessType type, Local<Value> data) {
  g_callbacks.failed_access_check(P(target), static_cast<int>(type), P(data));
}

void PromiseRejected(PromiseRejectMessage message) {
  Local<Value> value = message.GetValue();
  g_callbacks.promise_reject(static_cast<int>(message.GetEvent()),
                             P(message.GetPromise()),
                             value.IsEmpty() ? nullptr : P(value));
}

void Interrupt(Isolate* isolate, void* data) { g_callbacks.interrupt(isolate, data); }

// V8 reads an empty result from a host callback (a module that could not be
// resolved, an import() that could not start, a host object the serializer
// cannot write) as "an exception is pending", and CHECKs it: an empty result
// without one aborts the process. The host may have caught its own exception
// in a TryCatch of its own (V8 API calls made inside the callback, such as
// compiling a module, hand their exception to the innermost TryCatch), or
// thrown nothing at all. So every such callback runs under this TryCatch, and
// an empty result always leaves V8 an exception: the host's, rethrown with
// its message and place, or an Error saying what failed.
template <class T, class F>
MaybeLocal<T> FromHost(Isolate* isolate, const char* failure, F call) {
  TryCatch try_catch(isolate);
  const T* result = call();
  if (result != nullptr) return L(result);
  if (!try_catch.HasCaught()) {
    isolate->ThrowException(
        Exception::Error(String::NewFromUtf8(isolate, failure).ToLocalChecked()));
  }
  try_catch.ReThrow();
  return MaybeLocal<T>();
}

// The same for a callback whose result is a Maybe (true: done).
template <class F>
bool SucceededInHost(Isolate* isolate, const char* failure, F call) {
  TryCatch try_catch(isolate);
  if (call()) return true;
  if (!try_catch.HasCaught()) {
    isolate->ThrowException(
        Exception::Error(String::NewFromUtf8(isolate, failure).ToLocalChecked()));
  }
  try_catch.ReThrow();
  return false;
}

// Atomics.wait starts and ends: under virtual time the agent gives up its
// clock group's turn while it waits (Rust decides; no script runs here).
void AtomicsWait(Isolate::AtomicsWaitEvent event, Local<SharedArrayBuffer>,
                 size_t, int64_t, double, Isolate::AtomicsWaitWakeHandle*,
                 void*) {
  if (g_callbacks.atomics_wait != nullptr)
    g_callbacks.atomics_wait(static_cast<int>(event));
}

MaybeLocal<Module> ResolveModule(Local<Context> context, Local<String> specifier,
                                 Local<FixedArray> import_assertions,
                                 Local<Module> referrer) {
  return FromHost<Module>(context->GetIsolate(), "the module could not be resolved", [&] {
    return g_callbacks.resolve_module(P(context), P(specifier), P(referrer));
  });
}

MaybeLocal<Promise> DynamicImport(Local<Context> context, Local<Data> host_defined_options,
                                  Local<Value> resource_name, Local<String> specifier,
                                  Local<FixedArray> import_assertions) {
  return FromHost<Promise>(context->GetIsolate(), "import() could not start", [&] {
    return g_callbacks.dynamic_import(
        P(context), resource_name.IsEmpty() ? nullptr : P(resource_name), P(specifier));
  });
}

void ImportMeta(Local<Context> context, Local<Module> module, Local<Object> meta) {
  g_callbacks.import_meta(P(context), P(module), P(meta));
}

size_t NearHeapLimit(void* data, size_t current, size_t initial) {
  return g_callbacks.near_heap_limit(data, current, initial);
}

class SerializerDelegate : public ValueSerializer::Delegate {
 public:
  SerializerDelegate(Isolate* isolate, void* rust) : isolate_(isolate), rust_(rust) {}
  // V8 expects an exception scheduled when this returns.
  void ThrowDataCloneError(Local<String> message) override {
    TryCatch try_catch(isolate_);
    g_callbacks.ser_throw_data_clone_error(rust_, isolate_, P(message));
    if (!try_catch.HasCaught()) isolate_->ThrowException(Exception::Error(message));
    try_catch.ReThrow();
  }
  Maybe<bool> WriteHostObject(Isolate* isolate, Local<Object> object) override {
    bool ok = SucceededInHost(isolate, "the object could not be cloned", [&] {
      return g_callbacks.ser_write_host_object(rust_, isolate, P(object)) != 0;
    });
    return ok ? Just(true) : Nothing<bool>();
  }
  Maybe<uint32_t> GetSharedArrayBufferId(
      Isolate* isolate, Local<SharedArrayBuffer> sab) override {
    uint32_t id = 0;
    bool ok = SucceededInHost(isolate, "the SharedArrayBuffer could not be cloned", [&] {
      return g_callbacks.ser_get_shared_array_buffer_id(rust_, isolate, P(sab), &id) != 0;
    });
    return ok ? Just(id) : Nothing<uint32_t>();
  }

 private:
  Isolate* isolate_;
  void* rust_;
};

class DeserializerDelegate : public ValueDeserializer::Delegate {
 public:
  explicit DeserializerDelegate(void* rust) : rust_(rust) {}
  MaybeLocal<Object> ReadHostObject(Isolate* isolate) override {
    return FromHost<Object>(isolate, "the cloned object could not be read", [&] {
      return g_callbacks.de_read_host_object(rust_, isolate);
    });
  }
  MaybeLocal<SharedArrayBuffer> GetSharedArrayBufferFromId(Isolate* isolate,
                                                           uint32_t id) override {
    return FromHost<SharedArrayBuffer>(isolate, "the SharedArrayBuffer could not be read", [&] {
      return g_callbacks.de_get_shared_array_buffer_from_id(rust_, isolate, id);
    });
  }

 private:
  void* rust_;
};

struct Serializer {
  SerializerDelegate delegate;
  ValueSerializer serializer;
  Serializer(Isolate* isolate, void* rust)
      : delegate(isolate, rust), serializer(isolate, &delegate) {}
};

struct Deserializer {
  DeserializerDelegate delegate;
  ValueDeserializer deserializer;
  Deserializer(Isolate* isolate, const uint8_t* data, size_t size, void* rust)
      : delegate(rust), deserializer(isolate, data, size, &delegate) {}
};

// Scopes forbid heap allocation of themselves; a wrapper struct may live on
// the heap, where Rust can own it.
struct HandleScopeBox {
  HandleScope scope;
  explicit HandleScopeBox(Isolate* isolate) : scope(isolate) {}
};
struct TryCatchBox {
  TryCatch try_catch;
  explicit TryCatchBox(Isolate* isolate) : try_catch(isolate) {}
};

// Every op call and every call into script makes and ends scopes (a
// message takes about ten): each thread keeps a few freed boxes of a kind
// for the next ones, instead of a malloc and a free apiece.
template <typename T>
class BoxCache {
 public:
  BoxCache() = default;
  BoxCache(const BoxCache&) = delete;
  BoxCache& operator=(const BoxCache&) = delete;
  ~BoxCache() {
    while (count_ > 0) ::operator delete(slots_[--count_]);
  }
  void* take() {
    return count_ > 0 ? slots_[--count_] : ::operator new(sizeof(T));
  }
  void give(T* box) {
    box->~T();
    if (count_ < kSlots) {
      slots_[count_++] = box;
    } else {
      ::operator delete(box);
    }
  }

 private:
  static constexpr int kSlots = 16;
  void* slots_[kSlots];
  int count_ = 0;
};
thread_local BoxCache<HandleScopeBox> t_handle_scopes;
thread_local BoxCache<TryCatchBox> t_try_catches;
struct BackingStoreBox {
  std::shared_ptr<BackingStore> store;
};

}  // namespace

extern "C" {

// ---------------------------------------------------------------------------
// Platform

void v8__Platform__Initialize(const char* flags) {
  if (g_platform != nullptr) return;
  // V8 would checksum its whole start-up snapshot in every new isolate (and
  // each code cache, which isohost makes itself, in memory): ~2 % of the CPU
  // a page costs. The embedder's flags come after, and may turn it back on.
  V8::SetFlagsFromString("--no-verify-snapshot-checksum");
  // Maps live in the old generation instead of a space of their own (as in
  // later V8s, which dropped that space): an isolate's few hundred maps no
  // longer take a page apart (nor its snapshot's maps another): ~30 KiB
  // less per tab, and ~2 % fewer instructions per small page (issue 15).
  V8::SetFlagsFromString("--no-use-map-space");
  if (flags != nullptr && flags[0] != '\0') V8::SetFlagsFromString(flags);
  g_platform = new HostPlatform(platform::NewDefaultPlatform());
  V8::InitializePlatform(g_platform);
  V8::Initialize();
  g_allocator = std::make_shared<AccountingAllocator>();
}

// V8's version string ("10.2.154.26-node.28"); needs no initialisation.
const char* v8__V8__GetVersion() { return V8::GetVersion(); }

void v8__Platform__PumpMessageLoop(Isolate* isolate) {
  while (platform::PumpMessageLoop(g_platform->inner(), isolate,
                                   platform::MessageLoopBehavior::kDoNotWait)) {
  }
}

// ---------------------------------------------------------------------------
// Isolate

// What V8 reserves up front for one isolate on x64 (its 128 MiB code range,
// the young generation and bookkeeping), with room to spare. V8 ends the
// process when it cannot reserve that ("Failed to reserve virtual memory for
// CodeRange"), which a page starting many workers under an address-space
// limit would reach; so the space is probed first, and null returned.
constexpr size_t kIsolateReservation = size_t{256} << 20;
// Probe and reservation happen under one lock: two threads making isolates
// at once must not both find the same last free space.
static std::mutex g_isolate_creation;

// A start-up snapshot made in this process: the blob and the external
// references its contexts name (both kept for the life of the process).
struct HostSnapshot {
  StartupData blob;
  const intptr_t* references;
};

Isolate* v8__Isolate__New(size_t max_old_generation_mb, int allow_atomics_wait,
                          const HostSnapshot* snapshot) {
  std::lock_guard<std::mutex> creating(g_isolate_creation);
  void* probe = mmap(nullptr, kIsolateReservation, PROT_NONE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (probe == MAP_FAILED) return nullptr;
  munmap(probe, kIsolateReservation);
  Isolate::CreateParams params;
  params.allow_atomics_wait = allow_atomics_wait != 0;
  params.array_buffer_allocator_shared = g_allocator;
  if (snapshot != nullptr) {
    params.snapshot_blob = const_cast<StartupData*>(&snapshot->blob);
    params.external_references = snapshot->references;
  }
  if (max_old_generation_mb > 0) {
    params.constraints.ConfigureDefaultsFromHeapSize(
        0, max_old_generation_mb * 1024 * 1024);
  }
  // The young generation starts with semi-spaces of two pages (512 KiB)
  // instead of four; V8 grows them when many objects survive. An idle tab
  // keeps fewer new-space pages (~20 KiB less per tab); a tab that only
  // passes messages scavenges twice as often, which costs no more
  // instructions (callgrind, compare-isohost iframe-same 6000). Smaller
  // still (one page) cost 2 % more there.
  constexpr size_t kInitialSemiSpace = size_t{512} << 10;
  params.constraints.set_initial_young_generation_size_in_bytes(3 * kInitialSemiSpace);
  Isolate* isolate = Isolate::New(params);
  isolate->SetFailedAccessCheckCallbackFunction(FailedAccessCheck);
  isolate->SetPromiseRejectCallback(PromiseRejected);
  isolate->SetMicrotasksPolicy(MicrotasksPolicy::kExplicit);
  isolate->SetCaptureStackTraceForUncaughtExceptions(true, 16);
  isolate->SetHostImportModuleDynamicallyCallback(DynamicImport);
  isolate->SetHostInitializeImportMetaObjectCallback(ImportMeta);
  if (allow_atomics_wait) isolate->SetAtomicsWaitCallback(AtomicsWait, nullptr);
  return isolate;
}
void v8__Isolate__AddNearHeapLimitCallback(Isolate* isolate, void* data) {
  isolate->AddNearHeapLimitCallback(NearHeapLimit, data);
}
void v8__Isolate__Dispose(Isolate* isolate) { isolate->Dispose(); }
// Whether `bytes` of address space can be had now (mapped and unmapped at
// once, nothing committed).
int v8__AddressSpace__Available(size_t bytes) {
  void* probe = mmap(nullptr, bytes, PROT_NONE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (probe == MAP_FAILED) return 0;
  munmap(probe, bytes);
  return 1;
}
// ---------------------------------------------------------------------------
// Memory per isolate (issue 15): text the host keeps for the whole process,
// handed to V8 as external strings instead of copied into each heap.

// An ASCII text that lives as long as the process (a Rust `&'static str`):
// V8 reads it in place and never frees it.
class StaticOneByteResource : public String::ExternalOneByteStringResource {
 public:
  StaticOneByteResource(const char* data, size_t length) : data_(data), length_(length) {}
  const char* data() const override { return data_; }
  size_t length() const override { return length_; }

 protected:
  // Heap teardown disposes of every external string's resource: this one
  // is shared by every isolate and outlives them all.
  void Dispose() override {}

 private:
  const char* data_;
  size_t length_;
};

// One resource per static text, made on first use and never freed, so that
// every isolate (and a start-up snapshot, which names it as an external
// reference) shares it.
static std::mutex g_static_texts_lock;
static std::vector<StaticOneByteResource*>* g_static_texts = nullptr;

// A string whose characters are `data` (ASCII, `length` bytes, alive for the
// rest of the process), not copied into the heap. Made while a snapshot is
// recorded, the snapshot keeps a reference to the text, not the text, and
// the isolates made from it share it too. Null if V8 refused (too long).
const String* v8__String__NewStaticOneByte(Isolate* isolate, const char* data,
                                           size_t length) {
  StaticOneByteResource* resource = nullptr;
  {
    std::lock_guard<std::mutex> guard(g_static_texts_lock);
    if (g_static_texts == nullptr) g_static_texts = new std::vector<StaticOneByteResource*>;
    for (StaticOneByteResource* r : *g_static_texts) {
      if (r->data() == data && r->length() == length) resource = r;
    }
    if (resource == nullptr) {
      resource = new StaticOneByteResource(data, length);
      g_static_texts->push_back(resource);
    }
  }
  if (t_recording != nullptr) t_recording->Add(reinterpret_cast<intptr_t>(resource));
  return P(String::NewExternalOneByte(isolate, resource));
}

// Gives the pages of this thread's stack below the running frame (less a
// margin for this frame) back to the system: an agent
// going idle keeps only the frames it waits in. What page load, parsing or
// deep recursion touched stays resident otherwise, for the thread's life.
// The pages read as zeros when touched again. Returns the bytes released.
size_t v8__Thread__ReleaseUnusedStack() {
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return 0;
  void* low = nullptr;
  size_t size = 0;
  int got = pthread_attr_getstack(&attr, &low, &size);
  pthread_attr_destroy(&attr);
  if (got != 0 || low == nullptr) return 0;
  // Room for this function's own frame and the system call's: pages
  // below the stack pointer hold nothing live, and a signal handler that
  // runs there later finds them again, zeroed.
  constexpr uintptr_t kMargin = 4 * 1024;
  const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  volatile char here = 0;
  const uintptr_t sp = reinterpret_cast<uintptr_t>(&here);
  const uintptr_t start = (reinterpret_cast<uintptr_t>(low) + page - 1) & ~(page - 1);
  if (sp < start + kMargin + page) return 0;
  const uintptr_t end = (sp - kMargin) & ~(page - 1);
  if (madvise(reinterpret_cast<void*>(start), end - start, MADV_DONTNEED) != 0) return 0;
  return end - start;
}

void v8__Isolate__Enter(Isolate* isolate) { isolate->Enter(); }
void v8__Isolate__Exit(Isolate* isolate) { isolate->Exit(); }
void v8__Isolate__SetData(Isolate* isolate, uint32_t slot, void* data) {
  isolate->SetData(slot, data);
}
void* v8__Isolate__GetData(Isolate* isolate, uint32_t slot) {
  return isolate->GetData(slot);
}
const Context* v8__Isolate__GetCurrentContext(Isolate* isolate) {
  if (!isolate->InContext()) return nullptr;
  return P(isolate->GetCurrentContext());
}
const Context* v8__Isolate__GetIncumbentContext(Isolate* isolate) {
  if (!isolate->InContext()) return nullptr;
  return P(isolate->GetIncumbentContext());
}
// Thread-safe: runs `interrupt` on the isolate's thread at the next safe point
// of running script.
void v8__Isolate__RequestInterrupt(Isolate* isolate, void* data) {
  isolate->RequestInterrupt(Interrupt, data);
}
// The innermost script frame that is not the host's own (`isohost:` bindings,
// where a stop met inside an op's JS half is no place for the page), else the
// innermost: its script name (URL), 1-based line and column.
int v8__StackTrace__CurrentTop(Isolate* isolate, const String** name, int* line,
                               int* column) {
  Local<StackTrace> trace = StackTrace::CurrentStackTrace(isolate, 16);
  if (trace.IsEmpty() || trace->GetFrameCount() < 1) return 0;
  Local<StackFrame> frame = trace->GetFrame(isolate, 0);
  for (int i = 0; i < trace->GetFrameCount(); i++) {
    Local<StackFrame> candidate = trace->GetFrame(isolate, i);
    Local<String> candidate_name = candidate->GetScriptNameOrSourceURL();
    String::Utf8Value utf8(isolate, candidate_name);
    if (candidate_name.IsEmpty() || *utf8 == nullptr ||
        strncmp(*utf8, "isohost:", 8) != 0) {
      frame = candidate;
      break;
    }
  }
  Local<String> script = frame->GetScriptNameOrSourceURL();
  *name = script.IsEmpty() ? nullptr : P(script);
  *line = frame->GetLineNumber();
  *column = frame->GetColumn();
  return 1;
}
const Context* v8__Isolate__GetEnteredOrMicrotaskContext(Isolate* isolate) {
  if (!isolate->InContext()) return nullptr;
  return P(isolate->GetEnteredOrMicrotaskContext());
}
void v8__Isolate__PerformMicrotaskCheckpoint(Isolate* isolate) {
  isolate->PerformMicrotaskCheckpoint();
}
void v8__Isolate__TerminateExecution(Isolate* isolate) {
  isolate->TerminateExecution();
}
void v8__Isolate__CancelTerminateExecution(Isolate* isolate) {
  isolate->CancelTerminateExecution();
}
int v8__Isolate__IsExecutionTerminating(Isolate* isolate) {
  return isolate->IsExecutionTerminating();
}
const Value* v8__Isolate__ThrowException(Isolate* isolate, const Value* exception) {
  return P(isolate->ThrowException(L(exception)));
}
void v8__Isolate__LowMemoryNotification(Isolate* isolate) {
  isolate->LowMemoryNotification();
}
// One full collection, now, on the isolate's thread: V8's answer to
// critical memory pressure (a second only if 8 MB or more would go), where
// LowMemoryNotification runs two at least and empties the compilation
// cache. The level is set back at once (V8 has already done so).
void v8__Isolate__CollectGarbageNow(Isolate* isolate) {
  isolate->MemoryPressureNotification(MemoryPressureLevel::kCritical);
  isolate->MemoryPressureNotification(MemoryPressureLevel::kNone);
}
void v8__Isolate__GetHeapStatistics(Isolate* isolate, size_t* used,
                                    size_t* total, size_t* limit) {
  HeapStatistics stats;
  isolate->GetHeapStatistics(&stats);
  *used = stats.used_heap_size();
  *total = stats.total_heap_size();
  *limit = stats.heap_size_limit();
}

// Writes a heap snapshot (the DevTools .heapsnapshot JSON) to `path`:
// 1 written, 0 if the file could not be opened or written.
namespace {
class FileOutputStream : public OutputStream {
 public:
  explicit FileOutputStream(FILE* file) : file_(file) {}
  void EndOfStream() override {}
  WriteResult WriteAsciiChunk(char* data, int size) override {
    if (std::fwrite(data, 1, static_cast<size_t>(size), file_) != static_cast<size_t>(size)) {
      failed_ = true;
      return kAbort;
    }
    return kContinue;
  }
  bool failed() const { return failed_; }

 private:
  FILE* file_;
  bool failed_ = false;
};
}  // namespace
int v8__Isolate__WriteHeapSnapshot(Isolate* isolate, const char* path) {
  FILE* file = std::fopen(path, "w");
  if (file == nullptr) return 0;
  HeapProfiler* profiler = isolate->GetHeapProfiler();
  const HeapSnapshot* snapshot = profiler->TakeHeapSnapshot();
  FileOutputStream out(file);
  snapshot->Serialize(&out, HeapSnapshot::kJSON);
  const_cast<HeapSnapshot*>(snapshot)->Delete();
  bool closed = std::fclose(file) == 0;
  return !out.failed() && closed ? 1 : 0;
}

// ---------------------------------------------------------------------------
// Scopes

HandleScopeBox* v8__HandleScope__New(Isolate* isolate) {
  return new (t_handle_scopes.take()) HandleScopeBox(isolate);
}
void v8__HandleScope__Delete(HandleScopeBox* scope) { t_handle_scopes.give(scope); }

TryCatchBox* v8__TryCatch__New(Isolate* isolate) {
  return new (t_try_catches.take()) TryCatchBox(isolate);
}
void v8__TryCatch__Delete(TryCatchBox* tc) { t_try_catches.give(tc); }
int v8__TryCatch__HasCaught(TryCatchBox* tc) { return tc->try_catch.HasCaught(); }
int v8__TryCatch__HasTerminated(TryCatchBox* tc) {
  return tc->try_catch.HasTerminated();
}
const Value* v8__TryCatch__Exception(TryCatchBox* tc) {
  Local<Value> e = tc->try_catch.Exception();
  return e.IsEmpty() ? nullptr : P(e);
}
const Message* v8__TryCatch__Message(TryCatchBox* tc) {
  Local<Message> m = tc->try_catch.Message();
  return m.IsEmpty() ? nullptr : P(m);
}
void v8__TryCatch__Reset(TryCatchBox* tc) { tc->try_catch.Reset(); }
void v8__TryCatch__ReThrow(TryCatchBox* tc) { tc->try_catch.ReThrow(); }
void v8__TryCatch__SetVerbose(TryCatchBox* tc, int verbose) {
  tc->try_catch.SetVerbose(verbose != 0);
}

// ---------------------------------------------------------------------------
// Persistent handles

Global<Value>* v8__Global__New(Isolate* isolate, const Value* value) {
  return new Global<Value>(isolate, L(value));
}
const Value* v8__Global__Get(Global<Value>* global, Isolate* isolate) {
  return P(global->Get(isolate));
}
void v8__Global__Delete(Global<Value>* global) { delete global; }

// A weak handle: V8 empties it when it collects the object (a first-pass
// callback may only reset the handle; nothing else runs during the GC),
// and Rust looks whether it is empty. Deleted with v8__Global__Delete.
static void WeakHandleCollected(const WeakCallbackInfo<Global<Value>>& info) {
  info.GetParameter()->Reset();
}
Global<Value>* v8__Weak__New(Isolate* isolate, const Value* value) {
  Global<Value>* weak = new Global<Value>(isolate, L(value));
  weak->SetWeak(weak, WeakHandleCollected, WeakCallbackType::kParameter);
  return weak;
}
const Value* v8__Weak__Get(Global<Value>* weak, Isolate* isolate) {
  return weak->IsEmpty() ? nullptr : P(weak->Get(isolate));
}
int v8__Weak__IsEmpty(Global<Value>* weak) { return weak->IsEmpty(); }

// ---------------------------------------------------------------------------
// Context

const Context* v8__Context__New(Isolate* isolate, const ObjectTemplate* global_template,
                                const Value* global_object) {
  Local<ObjectTemplate> tmpl =
      global_template ? L(global_template) : Local<ObjectTemplate>();
  MaybeLocal<Value> reuse =
      global_object ? MaybeLocal<Value>(L(global_object)) : MaybeLocal<Value>();
  return P(Context::New(isolate, nullptr, tmpl, reuse));
}
const Object* v8__Context__NewRemoteContext(Isolate* isolate,
                                            const ObjectTemplate* global_template) {
  return P(Context::NewRemoteContext(isolate, L(global_template)));
}
// Context `index` of the isolate's start-up snapshot (see
// v8__SnapshotCreator__AddContext), with `global_object` reused as its
// global proxy if given. Null if the isolate has no such context.
const Context* v8__Context__FromSnapshot(Isolate* isolate, size_t index,
                                         const Value* global_object) {
  MaybeLocal<Value> reuse =
      global_object ? MaybeLocal<Value>(L(global_object)) : MaybeLocal<Value>();
  return P(Context::FromSnapshot(isolate, index, DeserializeInternalFieldsCallback(),
                                 nullptr, reuse, nullptr));
}
// What SnapshotCreator::AddData(context, ...) kept, once per context.
const Data* v8__Context__GetDataFromSnapshotOnce(const Context* c, size_t index) {
  return P(L(c)->GetDataFromSnapshotOnce<Data>(index));
}
// What SnapshotCreator::AddData(...) kept, once per isolate.
const Data* v8__Isolate__GetDataFromSnapshotOnce(Isolate* isolate, size_t index) {
  return P(isolate->GetDataFromSnapshotOnce<Data>(index));
}

// A start-up snapshot being made: V8's creator, with its own isolate
// (entered on this thread), and the external references recorded meanwhile.
struct HostSnapshotCreator {
  ExternalReferences* references;
  ExternalReferences* outer;
  SnapshotCreator* creator;
};

// Marks a blob made here as one whose hash tables need no rehashing.
//
// V8 deserializes an isolate's heap and each context from a start-up
// snapshot; when the blob says it can be rehashed (header word 1, the
// "rehashability" of V8's snapshot layout, the same in every V8 since 7.x),
// each isolate picks a new random hash seed and rehashes every string
// table, dictionary and descriptor array it deserializes, and each context
// rehashes its own: ~15 % of the CPU a tab costs. The creator's isolate did
// that once already (V8's default --rehash-snapshot, from libnode's built-in
// snapshot), so the blob's tables are hashed with the seed it stores (a
// read-only root): marked not rehashable, every isolate made from it takes
// that seed as it is. The seed must then be one for the whole process (the
// host sets --hash-seed, random per process: web/v8_hooks.rs): the
// read-only heap is shared by the isolates alive, and made again, from
// whichever blob, once they have all gone.
static void MarkNotRehashable(StartupData* blob) {
  constexpr size_t kRehashabilityOffset = sizeof(uint32_t);
  if (blob->raw_size < static_cast<int>(2 * sizeof(uint32_t))) return;
  char* data = const_cast<char*>(blob->data);  // V8's new[]'d copy, ours now
  uint32_t rehashable;
  memcpy(&rehashable, data + kRehashabilityOffset, sizeof rehashable);
  if (rehashable != 1) return;  // already not, or not the layout we know
  const uint32_t no = 0;
  memcpy(data + kRehashabilityOffset, &no, sizeof no);
}

HostSnapshotCreator* v8__SnapshotCreator__New() {
  auto* c = new HostSnapshotCreator;
  c->references = new ExternalReferences;
  // The glue's own callbacks that templates hold.
  c->references->Add(reinterpret_cast<intptr_t>(&HostAccessCheck));
  InterceptorCallbacks(c->references);
  c->outer = t_recording;
  t_recording = c->references;
  c->creator = new SnapshotCreator(c->references->table, nullptr);
  return c;
}
Isolate* v8__SnapshotCreator__GetIsolate(HostSnapshotCreator* c) {
  return c->creator->GetIsolate();
}
void v8__SnapshotCreator__SetDefaultContext(HostSnapshotCreator* c, const Context* ctx) {
  c->creator->SetDefaultContext(L(ctx));
}
size_t v8__SnapshotCreator__AddContext(HostSnapshotCreator* c, const Context* ctx) {
  return c->creator->AddContext(L(ctx));
}
size_t v8__SnapshotCreator__AddContextData(HostSnapshotCreator* c, const Context* ctx,
                                           const Data* data) {
  return c->creator->AddData(L(ctx), L(data));
}
size_t v8__SnapshotCreator__AddIsolateData(HostSnapshotCreator* c, const Data* data) {
  return c->creator->AddData(L(data));
}
// Ends recording and writes the blob (compiled functions kept); null if the
// references overflowed or V8 made no blob. Frees the creator and its
// isolate either way; the references stay for the snapshot's isolates.
HostSnapshot* v8__SnapshotCreator__CreateBlob(HostSnapshotCreator* c, int write) {
  t_recording = c->outer;
  HostSnapshot* result = nullptr;
  if (write && !c->references->overflowed) {
    StartupData blob =
        c->creator->CreateBlob(SnapshotCreator::FunctionCodeHandling::kKeep);
    if (blob.data != nullptr && blob.raw_size > 0) {
      MarkNotRehashable(&blob);
      result = new HostSnapshot{blob, c->references->table};
    } else {
      delete[] blob.data;
    }
  }
  delete c->creator;
  if (result == nullptr) {
    delete[] c->references->table;
  }
  delete c->references;
  delete c;
  return result;
}
// The bindings script (an UnboundScript: a SharedFunctionInfo inside V8,
// which V8's API does not count as Data) kept with the isolate, so that an
// isolate made from the snapshot can make a code cache of it.
size_t v8__SnapshotCreator__AddIsolateScript(HostSnapshotCreator* c,
                                             const UnboundScript* script) {
  return c->creator->AddData(L(reinterpret_cast<const Data*>(script)));
}
const UnboundScript* v8__Isolate__GetScriptFromSnapshotOnce(Isolate* isolate,
                                                          size_t index) {
  MaybeLocal<Data> data = isolate->GetDataFromSnapshotOnce<Data>(index);
  if (data.IsEmpty()) return nullptr;
  return reinterpret_cast<const UnboundScript*>(P(data.ToLocalChecked()));
}
size_t v8__HostSnapshot__Size(const HostSnapshot* s) {
  return static_cast<size_t>(s->blob.raw_size);
}

void v8__Context__Enter(const Context* context) { L(context)->Enter(); }
void v8__Context__Exit(const Context* context) { L(context)->Exit(); }
const Object* v8__Context__Global(const Context* context) {
  return P(L(context)->Global());
}
void v8__Context__DetachGlobal(const Context* context) { L(context)->DetachGlobal(); }
void v8__Context__SetSecurityToken(const Context* context, const Value* token) {
  L(context)->SetSecurityToken(L(token));
}
void v8__Context__UseDefaultSecurityToken(const Context* context) {
  L(context)->UseDefaultSecurityToken();
}
const Value* v8__Context__GetSecurityToken(const Context* context) {
  return P(L(context)->GetSecurityToken());
}
void v8__Context__SetEmbedderData(const Context* context, int index,
                                  const Value* value) {
  L(context)->SetEmbedderData(index, L(value));
}
const Value* v8__Context__GetEmbedderData(const Context* context, int index) {
  return P(L(context)->GetEmbedderData(index));
}

// ---------------------------------------------------------------------------
// Primitives and values

const Primitive* v8__Undefined(Isolate* isolate) { return P(Undefined(isolate)); }
const Primitive* v8__Null(Isolate* isolate) { return P(Null(isolate)); }
const Boolean* v8__Boolean__New(Isolate* isolate, int value) {
  return P(Boolean::New(isolate, value != 0));
}
const Number* v8__Number__New(Isolate* isolate, double value) {
  return P(Number::New(isolate, value));
}
const Integer* v8__Integer__New(Isolate* isolate, int32_t value) {
  return P(Integer::New(isolate, value));
}
const String* v8__String__New(Isolate* isolate, const char* data, int length,
                              int internalized) {
  return P(String::NewFromUtf8(
      isolate, data, internalized ? NewStringType::kInternalized : NewStringType::kNormal,
      length));
}
int v8__String__Length(const String* s) { return L(s)->Length(); }
int v8__String__Utf8Length(const String* s, Isolate* isolate) {
  return L(s)->Utf8Length(isolate);
}
int v8__String__WriteUtf8(const String* s, Isolate* isolate, char* buffer,
                          int capacity) {
  return L(s)->WriteUtf8(isolate, buffer, capacity, nullptr,
                         String::NO_NULL_TERMINATION | String::REPLACE_INVALID_UTF8);
}
// A one-byte string's Latin-1 bytes (at most `capacity`): how many were
// written, or -1 if the string is not known to be one-byte.
int v8__String__WriteOneByte(const String* s, Isolate* isolate, uint8_t* buffer,
                             int capacity) {
  Local<String> string = L(s);
  if (!string->IsOneByte()) return -1;
  return string->WriteOneByte(isolate, buffer, 0, capacity, String::NO_NULL_TERMINATION);
}
// The string's UTF-16 code units, lone surrogates included.
int v8__String__Write(const String* s, Isolate* isolate, uint16_t* buffer,
                      int capacity) {
  return L(s)->Write(isolate, buffer, 0, capacity, String::NO_NULL_TERMINATION);
}
const String* v8__String__NewFromTwoByte(Isolate* isolate, const uint16_t* data,
                                         int length) {
  return P(String::NewFromTwoByte(isolate, data, NewStringType::kNormal, length));
}
// The well-known symbols cross-origin objects expose: 0 @@toStringTag,
// 1 @@hasInstance, 2 @@isConcatSpreadable.
const Value* v8__Symbol__GetWellKnown(Isolate* isolate, int which) {
  switch (which) {
    case 0: return P(Symbol::GetToStringTag(isolate));
    case 1: return P(Symbol::GetHasInstance(isolate));
    default: return P(Symbol::GetIsConcatSpreadable(isolate));
  }
}

#define VALUE_IS(name) \
  int v8__Value__##name(const Value* v) { return L(v)->name(); }
VALUE_IS(IsUndefined)
VALUE_IS(IsNull)
VALUE_IS(IsNullOrUndefined)
VALUE_IS(IsTrue)
VALUE_IS(IsFalse)
VALUE_IS(IsBoolean)
VALUE_IS(IsNumber)
VALUE_IS(IsInt32)
VALUE_IS(IsUint32)
VALUE_IS(IsString)
VALUE_IS(IsSymbol)
VALUE_IS(IsName)
VALUE_IS(IsObject)
VALUE_IS(IsFunction)
VALUE_IS(IsArray)
VALUE_IS(IsArrayBuffer)
VALUE_IS(IsArrayBufferView)
VALUE_IS(IsSharedArrayBuffer)
VALUE_IS(IsNativeError)
VALUE_IS(IsPromise)
VALUE_IS(IsBigInt)
VALUE_IS(IsDate)
VALUE_IS(IsRegExp)
VALUE_IS(IsMap)
VALUE_IS(IsSet)
VALUE_IS(IsProxy)
#undef VALUE_IS

int v8__Value__BooleanValue(const Value* v, Isolate* isolate) {
  return L(v)->BooleanValue(isolate);
}
int v8__Value__NumberValue(const Value* v, const Context* context, double* out) {
  return L(v)->NumberValue(L(context)).To(out);
}
const String* v8__Value__ToString(const Value* v, const Context* context) {
  return P(L(v)->ToString(L(context)));
}
const String* v8__Value__ToDetailString(const Value* v, const Context* context) {
  return P(L(v)->ToDetailString(L(context)));
}
const Object* v8__Value__ToObject(const Value* v, const Context* context) {
  return P(L(v)->ToObject(L(context)));
}
int v8__Value__StrictEquals(const Value* a, const Value* b) {
  return L(a)->StrictEquals(L(b));
}
int v8__Value__SameValue(const Value* a, const Value* b) {
  return L(a)->SameValue(L(b));
}
const String* v8__Value__TypeOf(const Value* v, Isolate* isolate) {
  return P(L(v)->TypeOf(isolate));
}

// ---------------------------------------------------------------------------
// Objects

const Object* v8__Object__New(Isolate* isolate) { return P(Object::New(isolate)); }
Isolate* v8__Object__GetIsolate(const Object* o) { return L(o)->GetIsolate(); }
const Value* v8__Object__Get(const Object* o, const Context* c, const Value* key) {
  return P(L(o)->Get(L(c), L(key)));
}
const Value* v8__Object__GetIndex(const Object* o, const Context* c, uint32_t i) {
  return P(L(o)->Get(L(c), i));
}
// The int results below: see B().
int v8__Object__Set(const Object* o, const Context* c, const Value* key,
                    const Value* value) {
  return B(L(o)->Set(L(c), L(key), L(value)));
}
int v8__Object__SetIndex(const Object* o, const Context* c, uint32_t i,
                         const Value* value) {
  return B(L(o)->Set(L(c), i, L(value)));
}
int v8__Object__DefineOwnProperty(const Object* o, const Context* c, const Name* key,
                                  const Value* value, int attributes) {
  return B(L(o)->DefineOwnProperty(L(c), L(key), L(value),
                                   static_cast<PropertyAttribute>(attributes)));
}
void v8__Object__SetAccessorProperty(const Object* o, const Name* key,
                                     const Function* getter, const Function* setter,
                                     int attributes) {
  L(o)->SetAccessorProperty(L(key), getter ? L(getter) : Local<Function>(),
                            setter ? L(setter) : Local<Function>(),
                            static_cast<PropertyAttribute>(attributes));
}
// A data property whose value the host makes on first read (the interceptor
// callback, kind 7, with `data`); it then becomes an ordinary data property.
int v8__Object__SetLazyDataProperty(const Object* o, const Context* c, const Name* key,
                                    const Value* data, int attributes) {
  return B(L(o)->SetLazyDataProperty(L(c), L(key), LazyGetter,
                                     data ? L(data) : Local<Value>(),
                                     static_cast<PropertyAttribute>(attributes)));
}
int v8__Object__Has(const Object* o, const Context* c, const Value* key) {
  return B(L(o)->Has(L(c), L(key)));
}
int v8__Object__Delete(const Object* o, const Context* c, const Value* key) {
  return B(L(o)->Delete(L(c), L(key)));
}
const Array* v8__Object__GetOwnPropertyNames(const Object* o, const Context* c) {
  return P(L(o)->GetOwnPropertyNames(L(c)));
}
const Value* v8__Object__GetPrototype(const Object* o) {
  return P(L(o)->GetPrototype());
}
int v8__Object__SetPrototype(const Object* o, const Context* c, const Value* proto) {
  return B(L(o)->SetPrototype(L(c), L(proto)));
}
const Context* v8__Object__GetCreationContext(const Object* o) {
  return P(L(o)->GetCreationContext());
}
int v8__Object__InternalFieldCount(const Object* o) {
  return L(o)->InternalFieldCount();
}
const Value* v8__Object__GetInternalField(const Object* o, int index) {
  return P(L(o)->GetInternalField(index));
}
void v8__Object__SetInternalField(const Object* o, int index, const Value* value) {
  L(o)->SetInternalField(index, L(value));
}
const String* v8__Object__GetConstructorName(const Object* o) {
  return P(L(o)->GetConstructorName());
}
int v8__Object__GetIdentityHash(const Object* o) { return L(o)->GetIdentityHash(); }

const Array* v8__Array__New(Isolate* isolate, const Value* const* elements,
                            size_t length) {
  return P(Array::New(
      isolate, const_cast<Local<Value>*>(reinterpret_cast<const Local<Value>*>(elements)),
      length));
}
uint32_t v8__Array__Length(const Array* a) { return L(a)->Length(); }

const External* v8__External__New(Isolate* isolate, void* value) {
  return P(External::New(isolate, value));
}
void* v8__External__Value(const External* e) { return L(e)->Value(); }

const Private* v8__Private__ForApi(Isolate* isolate, const String* name) {
  return P(Private::ForApi(isolate, L(name)));
}
const Value* v8__Object__GetPrivate(const Object* o, const Context* c, const Private* key) {
  return P(L(o)->GetPrivate(L(c), L(key)));
}
int v8__Object__SetPrivate(const Object* o, const Context* c, const Private* key,
                           const Value* value) {
  return B(L(o)->SetPrivate(L(c), L(key), L(value)));
}

// ---------------------------------------------------------------------------
// Functions and templates

typedef void (*RustFunctionCallback)(const FunctionCallbackInfo<Value>* info);

const Function* v8__Function__New(const Context* context, RustFunctionCallback callback,
                                  const Value* data, int length, int constructor) {
  Record(callback);
  return P(Function::New(L(context), reinterpret_cast<FunctionCallback>(callback),
                         data ? L(data) : Local<Value>(), length,
                         constructor ? ConstructorBehavior::kAllow
                                     : ConstructorBehavior::kThrow));
}
const Value* v8__Function__Call(const Function* f, const Context* c, const Value* recv,
                                int argc, const Value* const* argv) {
  return P(L(f)->Call(L(c), L(recv), argc,
                      const_cast<Local<Value>*>(reinterpret_cast<const Local<Value>*>(argv))));
}
const Object* v8__Function__NewInstance(const Function* f, const Context* c, int argc,
                                        const Value* const* argv) {
  return P(L(f)->NewInstance(
      L(c), argc, const_cast<Local<Value>*>(reinterpret_cast<const Local<Value>*>(argv))));
}
void v8__Function__SetName(const Function* f, const String* name) {
  L(f)->SetName(L(name));
}

int v8__FunctionCallbackInfo__Length(const FunctionCallbackInfo<Value>* info) {
  return info->Length();
}
const Value* v8__FunctionCallbackInfo__Get(const FunctionCallbackInfo<Value>* info, int i) {
  return P((*info)[i]);
}
const Object* v8__FunctionCallbackInfo__This(const FunctionCallbackInfo<Value>* info) {
  return P(info->This());
}
const Value* v8__FunctionCallbackInfo__Data(const FunctionCallbackInfo<Value>* info) {
  return P(info->Data());
}
const Value* v8__FunctionCallbackInfo__NewTarget(const FunctionCallbackInfo<Value>* info) {
  return P(info->NewTarget());
}
int v8__FunctionCallbackInfo__IsConstructCall(const FunctionCallbackInfo<Value>* info) {
  return info->IsConstructCall();
}
Isolate* v8__FunctionCallbackInfo__GetIsolate(const FunctionCallbackInfo<Value>* info) {
  return info->GetIsolate();
}
void v8__FunctionCallbackInfo__SetReturnValue(const FunctionCallbackInfo<Value>* info,
                                              const Value* value) {
  info->GetReturnValue().Set(L(value));
}

const FunctionTemplate* v8__FunctionTemplate__New(Isolate* isolate,
                                                  RustFunctionCallback callback,
                                                  const Value* data, int length,
                                                  int constructor) {
  Record(callback);
  return P(FunctionTemplate::New(
      isolate, reinterpret_cast<FunctionCallback>(callback),
      data ? L(data) : Local<Value>(), Local<Signature>(), length,
      constructor ? ConstructorBehavior::kAllow : ConstructorBehavior::kThrow));
}
const ObjectTemplate* v8__FunctionTemplate__InstanceTemplate(const FunctionTemplate* t) {
  return P(L(t)->InstanceTemplate());
}
const ObjectTemplate* v8__FunctionTemplate__PrototypeTemplate(const FunctionTemplate* t) {
  return P(L(t)->PrototypeTemplate());
}
void v8__FunctionTemplate__SetClassName(const FunctionTemplate* t, const String* name) {
  L(t)->SetClassName(L(name));
}
const Function* v8__FunctionTemplate__GetFunction(const FunctionTemplate* t,
                                                  const Context* c) {
  return P(L(t)->GetFunction(L(c)));
}
void v8__FunctionTemplate__Inherit(const FunctionTemplate* t, const FunctionTemplate* parent) {
  L(t)->Inherit(L(parent));
}
int v8__FunctionTemplate__HasInstance(const FunctionTemplate* t, const Value* v) {
  return L(t)->HasInstance(L(v));
}

const ObjectTemplate* v8__ObjectTemplate__New(Isolate* isolate,
                                              const FunctionTemplate* constructor) {
  return P(ObjectTemplate::New(
      isolate, constructor ? L(constructor) : Local<FunctionTemplate>()));
}
void v8__ObjectTemplate__SetInternalFieldCount(const ObjectTemplate* t, int count) {
  L(t)->SetInternalFieldCount(count);
}
// Access is checked by the host; what a failed check still serves comes
// from Rust through the interceptors, with `data` passed along.
void v8__ObjectTemplate__SetAccessCheckCallbackAndHandler(const ObjectTemplate* t,
                                                          const Value* data) {
  L(t)->SetAccessCheckCallbackAndHandler(HostAccessCheck, NamedConfig(L(data)),
                                         IndexedConfig(L(data)), L(data));
}
void v8__ObjectTemplate__SetIndexedPropertyHandler(const ObjectTemplate* t,
                                                   const Value* data) {
  L(t)->SetHandler(IndexedPropertyHandlerConfiguration(
      IndexedGetter, nullptr, IndexedQuery, nullptr, IndexedEnumerator, nullptr,
      IndexedDescriptor, L(data), PropertyHandlerFlags::kNone));
}
// Named properties served by the host only when the object (and what is
// before it on the prototype chain) has no such property: the HTML spec's
// WindowProperties object (window.frameName, window.elementId).
void v8__ObjectTemplate__SetNamedPropertyHandler(const ObjectTemplate* t,
                                                 const Value* data) {
  L(t)->SetHandler(NamedPropertyHandlerConfiguration(
      NamedGetter, nullptr, NamedQuery, nullptr, nullptr, L(data),
      static_cast<PropertyHandlerFlags>(
          static_cast<int>(PropertyHandlerFlags::kNonMasking) |
          static_cast<int>(PropertyHandlerFlags::kOnlyInterceptStrings))));
}
// A lazy data property of every instance (the interceptor callback, kind 7,
// with `data`): the host makes its value on the first read in each instance.
void v8__ObjectTemplate__SetLazyDataProperty(const ObjectTemplate* t, const Name* key,
                                            const Value* data, int attributes) {
  L(t)->SetLazyDataProperty(L(key), LazyGetter, L(data),
                            static_cast<PropertyAttribute>(attributes));
}
void v8__ObjectTemplate__SetImmutableProto(const ObjectTemplate* t) {
  L(t)->SetImmutableProto();
}
const Object* v8__ObjectTemplate__NewInstance(const ObjectTemplate* t, const Context* c) {
  return P(L(t)->NewInstance(L(c)));
}
void v8__Template__Set(const Template* t, const Name* name, const Data* value,
                       int attributes) {
  L(t)->Set(L(name), L(value), static_cast<PropertyAttribute>(attributes));
}

// ---------------------------------------------------------------------------
// Scripts

static ScriptOrigin MakeOrigin(Isolate* isolate, const Value* name, int line,
                               int column) {
  return ScriptOrigin(isolate, L(name), line, column);
}

const Script* v8__Script__Compile(const Context* c, const String* source,
                                  const Value* name, int line, int column) {
  Isolate* isolate = L(c)->GetIsolate();
  ScriptOrigin origin = MakeOrigin(isolate, name, line, column);
  return P(Script::Compile(L(c), L(source), &origin));
}
const Value* v8__Script__Run(const Script* s, const Context* c) {
  return P(L(s)->Run(L(c)));
}

// Compiled once per isolate, bound to each new context; `cache` (when given)
// is V8 code cache data from an earlier compile of the same source.
const UnboundScript* v8__ScriptCompiler__CompileUnboundScript(
    Isolate* isolate, const String* source, const Value* name, const uint8_t* cache,
    int cache_length, int* cache_rejected) {
  ScriptOrigin origin = MakeOrigin(isolate, name, 0, 0);
  ScriptCompiler::CachedData* cached =
      cache ? new ScriptCompiler::CachedData(cache, cache_length) : nullptr;
  ScriptCompiler::Source src(L(source), origin, cached);
  auto options = cached ? ScriptCompiler::kConsumeCodeCache : ScriptCompiler::kNoCompileOptions;
  MaybeLocal<UnboundScript> result = ScriptCompiler::CompileUnboundScript(isolate, &src, options);
  if (cache_rejected) *cache_rejected = cached ? src.GetCachedData()->rejected : 0;
  return P(result);
}
const Script* v8__UnboundScript__BindToCurrentContext(const UnboundScript* s) {
  return P(L(s)->BindToCurrentContext());
}
// Returns malloc'ed bytes for the caller to free with v8__free.
uint8_t* v8__UnboundScript__CreateCodeCache(const UnboundScript* s, int* length) {
  ScriptCompiler::CachedData* data = ScriptCompiler::CreateCodeCache(L(s));
  if (data == nullptr) return nullptr;
  uint8_t* bytes = static_cast<uint8_t*>(std::malloc(data->length > 0 ? data->length : 1));
  std::memcpy(bytes, data->data, data->length);
  *length = data->length;
  delete data;
  return bytes;
}
void v8__free(void* p) { std::free(p); }

// ---------------------------------------------------------------------------
// Modules

const Module* v8__ScriptCompiler__CompileModule(Isolate* isolate, const String* source,
                                                const Value* name, int line) {
  ScriptOrigin origin(isolate, L(name), line, 0, false, -1, Local<Value>(), false, false,
                      true);
  ScriptCompiler::Source src(L(source), origin);
  return P(ScriptCompiler::CompileModule(isolate, &src));
}
// 1: instantiated, 0: failed (an exception is pending).
int v8__Module__InstantiateModule(const Module* m, const Context* c) {
  return L(m)->InstantiateModule(L(c), ResolveModule).FromMaybe(false);
}
const Value* v8__Module__Evaluate(const Module* m, const Context* c) {
  return P(L(m)->Evaluate(L(c)));
}
int v8__Module__GetStatus(const Module* m) { return static_cast<int>(L(m)->GetStatus()); }
int v8__Module__GetModuleRequestsLength(const Module* m) {
  return L(m)->GetModuleRequests()->Length();
}
// The specifier of the module's i-th import, with the 0-based line and column
// of the import in its source (counted as the module's origin says).
const String* v8__Module__GetModuleRequest(const Module* m, const Context* c, int i,
                                           int* line, int* column) {
  Local<FixedArray> requests = L(m)->GetModuleRequests();
  if (i < 0 || i >= requests->Length()) return nullptr;
  Local<Data> data = requests->Get(L(c), i);
  if (data.IsEmpty()) return nullptr;
  Local<ModuleRequest> request = data.As<ModuleRequest>();
  Location location = L(m)->SourceOffsetToLocation(request->GetSourceOffset());
  *line = location.GetLineNumber();
  *column = location.GetColumnNumber();
  return P(request->GetSpecifier());
}
const Value* v8__Module__GetException(const Module* m) { return P(L(m)->GetException()); }
const Value* v8__Module__GetModuleNamespace(const Module* m) {
  return P(L(m)->GetModuleNamespace());
}
int v8__Module__GetIdentityHash(const Module* m) { return L(m)->GetIdentityHash(); }
int v8__Module__Same(const Module* a, const Module* b) { return L(a) == L(b); }
void v8__Promise__MarkAsHandled(const Promise* p) { L(p)->MarkAsHandled(); }
const Promise* v8__Promise__Catch(const Promise* p, const Context* c, const Function* handler) {
  return P(L(p)->Catch(L(c), L(handler)));
}
const Promise* v8__Promise__Resolver__New(const Context* c, const Value* value,
                                          int reject) {
  Local<Promise::Resolver> r;
  if (!Promise::Resolver::New(L(c)).ToLocal(&r)) return nullptr;
  Maybe<bool> done = reject ? r->Reject(L(c), L(value)) : r->Resolve(L(c), L(value));
  if (done.IsNothing()) return nullptr;
  return P(r->GetPromise());
}

// ---------------------------------------------------------------------------
// Exceptions and messages

const Value* v8__Exception__Error(const String* message) {
  return P(Exception::Error(L(message)));
}
const Value* v8__Exception__TypeError(const String* message) {
  return P(Exception::TypeError(L(message)));
}
const Value* v8__Exception__RangeError(const String* message) {
  return P(Exception::RangeError(L(message)));
}
const Value* v8__Exception__SyntaxError(const String* message) {
  return P(Exception::SyntaxError(L(message)));
}
const Message* v8__Exception__CreateMessage(Isolate* isolate, const Value* exception) {
  return P(Exception::CreateMessage(isolate, L(exception)));
}
const String* v8__Message__Get(const Message* m) { return P(L(m)->Get()); }
const Value* v8__Message__GetScriptResourceName(const Message* m) {
  return P(L(m)->GetScriptResourceName());
}
int v8__Message__GetLineNumber(const Message* m, const Context* c) {
  return L(m)->GetLineNumber(L(c)).FromMaybe(0);
}
int v8__Message__GetStartColumn(const Message* m) { return L(m)->GetStartColumn(); }

// ---------------------------------------------------------------------------
// JSON

const String* v8__JSON__Stringify(const Context* c, const Value* value) {
  return P(JSON::Stringify(L(c), L(value)));
}
const Value* v8__JSON__Parse(const Context* c, const String* text) {
  return P(JSON::Parse(L(c), L(text)));
}

// ---------------------------------------------------------------------------
// Promises

int v8__Promise__State(const Promise* p) { return static_cast<int>(L(p)->State()); }
const Value* v8__Promise__Result(const Promise* p) { return P(L(p)->Result()); }

// ---------------------------------------------------------------------------
// ArrayBuffers and their backing stores

// V8's ArrayBuffer::New(isolate, length) ends the process when the memory
// cannot be had (FatalProcessOutOfMemory); a length a page chose must not.
// So the bytes come from the shared allocator here, and failure is null.
const ArrayBuffer* v8__ArrayBuffer__New(Isolate* isolate, size_t length) {
  if (length == 0) return P(ArrayBuffer::New(isolate, 0));
  void* data = g_allocator->Allocate(length);
  if (data == nullptr) return nullptr;
  std::unique_ptr<BackingStore> store = ArrayBuffer::NewBackingStore(
      data, length,
      [](void* bytes, size_t size, void*) { g_allocator->Free(bytes, size); }, nullptr);
  return P(ArrayBuffer::New(isolate, std::move(store)));
}
size_t v8__ArrayBuffer__ByteLength(const ArrayBuffer* ab) { return L(ab)->ByteLength(); }
int v8__ArrayBuffer__IsDetachable(const ArrayBuffer* ab) { return L(ab)->IsDetachable(); }
void v8__ArrayBuffer__Detach(const ArrayBuffer* ab) { L(ab)->Detach(); }
int v8__ArrayBuffer__WasDetached(const ArrayBuffer* ab) { return L(ab)->WasDetached(); }
BackingStoreBox* v8__ArrayBuffer__GetBackingStore(const ArrayBuffer* ab) {
  return new BackingStoreBox{L(ab)->GetBackingStore()};
}
const ArrayBuffer* v8__ArrayBuffer__NewWithBackingStore(Isolate* isolate,
                                                        BackingStoreBox* store) {
  return P(ArrayBuffer::New(isolate, store->store));
}
BackingStoreBox* v8__SharedArrayBuffer__GetBackingStore(const SharedArrayBuffer* sab) {
  return new BackingStoreBox{L(sab)->GetBackingStore()};
}
const SharedArrayBuffer* v8__SharedArrayBuffer__NewWithBackingStore(
    Isolate* isolate, BackingStoreBox* store) {
  return P(SharedArrayBuffer::New(isolate, store->store));
}
void* v8__BackingStore__Data(BackingStoreBox* store) { return store->store->Data(); }
size_t v8__BackingStore__ByteLength(BackingStoreBox* store) {
  return store->store->ByteLength();
}
void v8__BackingStore__Delete(BackingStoreBox* store) { delete store; }
BackingStoreBox* v8__BackingStore__Clone(BackingStoreBox* store) {
  return new BackingStoreBox{store->store};
}
const ArrayBuffer* v8__ArrayBufferView__Buffer(const ArrayBufferView* view) {
  return P(L(view)->Buffer());
}
size_t v8__ArrayBufferView__ByteOffset(const ArrayBufferView* view) {
  return L(view)->ByteOffset();
}
size_t v8__ArrayBufferView__ByteLength(const ArrayBufferView* view) {
  return L(view)->ByteLength();
}

// ---------------------------------------------------------------------------
// Structured clone

Serializer* v8__ValueSerializer__New(Isolate* isolate, void* rust) {
  return new Serializer(isolate, rust);
}
void v8__ValueSerializer__Delete(Serializer* s) { delete s; }
void v8__ValueSerializer__WriteHeader(Serializer* s) { s->serializer.WriteHeader(); }
int v8__ValueSerializer__WriteValue(Serializer* s, const Context* c, const Value* v) {
  return s->serializer.WriteValue(L(c), L(v)).FromMaybe(false);
}
void v8__ValueSerializer__TransferArrayBuffer(Serializer* s, uint32_t id,
                                              const ArrayBuffer* ab) {
  s->serializer.TransferArrayBuffer(id, L(ab));
}
void v8__ValueSerializer__WriteUint32(Serializer* s, uint32_t value) {
  s->serializer.WriteUint32(value);
}
// The bytes are malloc'ed: free them with v8__free.
uint8_t* v8__ValueSerializer__Release(Serializer* s, size_t* size) {
  std::pair<uint8_t*, size_t> out = s->serializer.Release();
  *size = out.second;
  return out.first;
}

Deserializer* v8__ValueDeserializer__New(Isolate* isolate, const uint8_t* data,
                                         size_t size, void* rust) {
  return new Deserializer(isolate, data, size, rust);
}
void v8__ValueDeserializer__Delete(Deserializer* d) { delete d; }
int v8__ValueDeserializer__ReadHeader(Deserializer* d, const Context* c) {
  return d->deserializer.ReadHeader(L(c)).FromMaybe(false);
}
const Value* v8__ValueDeserializer__ReadValue(Deserializer* d, const Context* c) {
  return P(d->deserializer.ReadValue(L(c)));
}
void v8__ValueDeserializer__TransferArrayBuffer(Deserializer* d, uint32_t id,
                                                const ArrayBuffer* ab) {
  d->deserializer.TransferArrayBuffer(id, L(ab));
}
int v8__ValueDeserializer__ReadUint32(Deserializer* d, uint32_t* value) {
  return d->deserializer.ReadUint32(value);
}

}  // extern "C"

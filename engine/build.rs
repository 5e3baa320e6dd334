//! Finds or provisions V8 10.2 (Debian 12's libnode108) and builds the C++
//! glue as a shared library that every binary linking isohost loads by
//! absolute path, so that none needs `LD_LIBRARY_PATH`.
//!
//! # Where libnode comes from (first hit wins)
//!
//! 1. `ISOHOST_LIBNODE_DIR`: a prefix holding `usr/include/node/v8.h` (or
//!    `include/node/v8.h`) and `libnode.so.108` somewhere under `usr/lib` (or `lib`).
//! 2. The system: `/usr/include/node` whose `v8-version.h` says 10.2, with
//!    `libnode.so.108` installed (`apt-get install libnode-dev` on Debian 12).
//!    NodeSource's nodejs ships V8 11.3 headers there; the version check refuses them.
//! 3. The per-user cache, `<cache>/libnode-<libnode108's Debian version>`,
//!    provisioned once and shared by every target directory and every crate
//!    that depends on isohost.
//! 4. Provisioning into that cache: the versions and SHA-256 of libnode108,
//!    libnode-dev, libuv1 and libc-ares2 from apt's index (the machine's, or
//!    a private one filled by `apt-get update`), `apt-get download`, every
//!    `.deb` checked against that SHA-256 (and against [`KNOWN`] when the
//!    version is one of ours), `dpkg-deb -x` into a temporary directory that
//!    is renamed into place: a concurrent build sees nothing or everything.
//!
//! `<cache>` is `ISOHOST_CACHE_DIR`, else `$XDG_CACHE_HOME/isohost`, else
//! `$HOME/.cache/isohost`; if none can be created, `<target>/isohost-cache`
//! (with a warning: binaries then depend on that target directory).
//!
//! # How every binary finds it
//!
//! Cargo hands a dependency's build-script output to its dependents' links as
//! `-L` search paths and `-l` libraries only: `cargo:rustc-link-arg` (an
//! RPATH) applies to this package's own targets, and `links` metadata reaches
//! only a dependent's own build script, which a user would have to write.
//! Cargo also adds `-L` paths to `LD_LIBRARY_PATH`, but only under `cargo
//! run`/`cargo test` and only for paths inside the target directory: not for
//! a binary run by hand or installed with `cargo install`.
//!
//! So the glue is a shared library *without a SONAME*, stored in the cache
//! under a hash of its bytes (`<cache>/glue-<hash>/libisohost_v8_glue.so`),
//! with a DT_RPATH to libnode's directory. Dependents link it through `-l
//! isohost_v8`, which finds a one-line linker script in OUT_DIR,
//! `INPUT("<that absolute path>")`. A linker records a library without SONAME
//! under the name it was given, so every binary (this workspace's CLI, tests
//! and doctests; a dependent's tests, doctests and binaries; an installed
//! binary) gets `DT_NEEDED <absolute path of the glue>` (GNU ld and LLD alike),
//! and the glue's DT_RPATH (not RUNPATH, which would not apply to libnode's own
//! dependencies) finds libnode, libuv and c-ares. The binaries reference no
//! libnode symbol themselves: only the glue's `v8__*` functions.

use std::env;
use std::fs;
use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

const PACKAGES: [&str; 4] = ["libnode108", "libnode-dev", "libuv1", "libc-ares2"];
const GLUE: &str = "libisohost_v8_glue.so";

/// SHA-256 of the packages we have built and tested with (Debian 12 amd64).
/// A version not listed here is accepted on the strength of apt's index
/// (signed by Debian), with a warning.
const KNOWN: [(&str, &str, &str); 6] = [
    (
        "libnode108",
        "18.20.4+dfsg-1~deb12u3",
        "4d1b4ba623b2f65a1b8a9524d3ecccd535388acbac1f9ce810eab017bbc01036",
    ),
    (
        "libnode-dev",
        "18.20.4+dfsg-1~deb12u3",
        "bc65d683437b088672e05305847675d3a3da45a36b6f6b8d00b4f9a3286e886c",
    ),
    (
        "libnode108",
        "18.20.4+dfsg-1~deb12u2",
        "49c281c5fa259fa453a257e9cb0fcfb4385917ee21008ef1acbb5de2a9bb88a6",
    ),
    (
        "libnode-dev",
        "18.20.4+dfsg-1~deb12u2",
        "8660f5787f78f569705eafde836863e53e9dd9e0e0ad02dd68fe5819ce1dd8a4",
    ),
    (
        "libuv1",
        "1.44.2-1+deb12u1",
        "204f0e13354b44e6d19317887a53dab6f26696e8d95838db970b81f2a393f7fd",
    ),
    (
        "libc-ares2",
        "1.18.1-3",
        "087fd5c2ac883202e1786ab45617cdab7f77bc7f060d58cca177ddf6b6c3fa73",
    ),
];

struct Libnode {
    include: PathBuf,
    libdir: PathBuf,
}

fn main() {
    for var in [
        "ISOHOST_LIBNODE_DIR",
        "ISOHOST_CACHE_DIR",
        "XDG_CACHE_HOME",
        "HOME",
    ] {
        println!("cargo:rerun-if-env-changed={var}");
    }
    // A directory: Cargo rescans every file in it.
    println!("cargo:rerun-if-changed=glue");
    println!("cargo:rerun-if-changed=build.rs");

    if let Err(e) = run() {
        let fix = if env::var_os("ISOHOST_LIBNODE_DIR").is_some() {
            "unset ISOHOST_LIBNODE_DIR, or point it at"
        } else {
            "on Debian 12, `apt-get install libnode-dev`; else set ISOHOST_LIBNODE_DIR to"
        };
        eprintln!("error: isohost could not build its V8 binding: {e}");
        eprintln!(
            "fix: {fix} a directory where the Debian 12 packages {} were unpacked with `dpkg-deb -x`",
            PACKAGES.join(", ")
        );
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let out = PathBuf::from(env::var("OUT_DIR").map_err(|e| e.to_string())?);
    let cache = cache_dir(&out)?;
    let libnode = find_libnode(&cache)?;
    let libdir = &libnode.libdir;
    // Rebuild when libnode goes away (a deleted cache is provisioned again).
    println!(
        "cargo:rerun-if-changed={}",
        libdir.join("libnode.so.108").display()
    );

    let glue = build_glue(&libnode, &out, &cache)?;
    println!("cargo:rerun-if-changed={}", glue.display());
    let glue_text = glue
        .to_str()
        .filter(|s| !s.contains('"'))
        .ok_or_else(|| format!("{} cannot be named in a linker script", glue.display()))?;
    write_if_changed(
        &out.join("libisohost_v8.so"),
        &format!("/* isohost's V8 glue, linked by absolute path */\nINPUT(\"{glue_text}\")\n"),
    )?;
    println!("cargo:rustc-link-search=native={}", out.display());
    println!("cargo:rustc-link-lib=dylib=isohost_v8");
    // For dependents' build scripts, as DEP_ISOHOST_V8_LIBDIR and _GLUE.
    println!("cargo:libdir={}", libdir.display());
    println!("cargo:glue={glue_text}");
    Ok(())
}

fn find_libnode(cache: &Path) -> Result<Libnode, String> {
    if let Some(dir) = env::var_os("ISOHOST_LIBNODE_DIR") {
        let dir = PathBuf::from(dir);
        return from_prefix(&dir).ok_or_else(|| {
            format!(
                "ISOHOST_LIBNODE_DIR={} holds no V8 10.2 headers and libnode.so.108",
                dir.display()
            )
        });
    }
    if let Some(found) = from_prefix(Path::new("/")) {
        return Ok(found);
    }
    if let Some(found) = cached_libnode(cache) {
        return Ok(found);
    }
    let prefix = provision(cache)?;
    from_prefix(&prefix).ok_or_else(|| {
        format!(
            "unpacked {} into {} but found no V8 10.2 headers and libnode.so.108 there",
            PACKAGES.join(", "),
            prefix.display()
        )
    })
}

/// The per-user cache directory, created.
fn cache_dir(out: &Path) -> Result<PathBuf, String> {
    let home_cache = || env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache"));
    let chosen = env::var_os("ISOHOST_CACHE_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            env::var_os("XDG_CACHE_HOME")
                .map(PathBuf::from)
                .filter(|p| p.is_absolute())
                .or_else(home_cache)
                .map(|c| c.join("isohost"))
        });
    if let Some(dir) = chosen {
        match fs::create_dir_all(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) => println!(
                "cargo:warning=cannot use {} for V8 ({e}); using the target directory: \
                 binaries will need it to stay where it is",
                dir.display()
            ),
        }
    }
    // OUT_DIR = <target>/[<triple>/]<profile>/build/<pkg>-<hash>/out
    let target = out
        .ancestors()
        .find(|p| p.join("CACHEDIR.TAG").exists())
        .or_else(|| out.ancestors().nth(4))
        .ok_or("OUT_DIR has no target directory")?;
    let dir = target.join("isohost-cache");
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    Ok(dir)
}

fn is_v8_10_2(include: &Path) -> bool {
    let Ok(text) = fs::read_to_string(include.join("v8-version.h")) else {
        return false;
    };
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("#define {name} ")))
            .map(|v| v.trim().to_string())
    };
    field("V8_MAJOR_VERSION").as_deref() == Some("10")
        && field("V8_MINOR_VERSION").as_deref() == Some("2")
}

fn find_lib(root: &Path) -> Option<PathBuf> {
    // Debian puts it under usr/lib/<multiarch>/.
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.file_name().is_some_and(|n| n == "libnode.so.108") {
                return Some(dir);
            }
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(path);
            }
        }
    }
    None
}

fn from_prefix(prefix: &Path) -> Option<Libnode> {
    for (inc, lib) in [("usr/include/node", "usr/lib"), ("include/node", "lib")] {
        let include = prefix.join(inc);
        if is_v8_10_2(&include)
            && let Some(libdir) = find_lib(&prefix.join(lib))
        {
            return Some(Libnode { include, libdir });
        }
    }
    None
}

/// An already provisioned `libnode-*`: the greatest name, for determinism.
fn cached_libnode(cache: &Path) -> Option<Libnode> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(cache)
        .ok()?
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("libnode-"))
        .map(|e| e.path())
        .collect();
    dirs.sort();
    dirs.iter().rev().find_map(|d| from_prefix(d))
}

/// One package as apt's index describes it.
#[derive(Debug)]
struct Package {
    name: String,
    version: String,
    sha256: String,
}

/// Downloads, checks and unpacks the packages into `<cache>/libnode-<version>`.
fn provision(cache: &Path) -> Result<PathBuf, String> {
    remove_stale_work_dirs(cache);
    let work = cache.join(format!(".tmp-{}-{}", std::process::id(), nanos()));
    let result = provision_in(cache, &work);
    let _ = fs::remove_dir_all(&work);
    result
}

fn provision_in(cache: &Path, work: &Path) -> Result<PathBuf, String> {
    let debs = work.join("debs");
    let lists = work.join("lists");
    fs::create_dir_all(&debs).map_err(|e| e.to_string())?;
    fs::create_dir_all(lists.join("partial")).map_err(|e| e.to_string())?;
    // With the machine's lists first; else (none, or stale: the mirror has
    // moved on) with a private lists directory filled by `apt-get update`
    // (no root needed, the system's lists untouched).
    let private = [
        format!("Dir::State::Lists={}", lists.display()),
        "Dir::Cache::pkgcache=".to_string(),
        "Dir::Cache::srcpkgcache=".to_string(),
    ];
    let packages = match download(&[], &debs) {
        Ok(p) => p,
        Err(first) => {
            // Leftovers of the first attempt.
            let _ = fs::remove_dir_all(&debs);
            fs::create_dir_all(&debs).map_err(|e| e.to_string())?;
            apt("apt-get", &private, &["update"], &debs)
                .map_err(|e| format!("{first}; then {e}"))?;
            download(&private, &debs).map_err(|e| format!("{first}; then {e}"))?
        }
    };
    let libnode_version = packages
        .iter()
        .find(|p| p.name == "libnode108")
        .map(|p| p.version.clone())
        .ok_or("apt's index has no libnode108")?;

    let unpacked = work.join("root");
    let mut provenance = String::from("# package version sha256 (checked before unpacking)\n");
    for package in &packages {
        let deb = fs::read_dir(&debs)
            .map_err(|e| e.to_string())?
            .flatten()
            .map(|e| e.path())
            .find(|p| {
                p.extension().is_some_and(|e| e == "deb")
                    && p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with(&format!("{}_", package.name)))
            })
            .ok_or_else(|| format!("apt-get download wrote no .deb for {}", package.name))?;
        let actual = sha256(&deb)?;
        if actual != package.sha256 {
            return Err(format!(
                "{} has SHA-256 {actual}, apt's index says {}",
                deb.display(),
                package.sha256
            ));
        }
        match KNOWN
            .iter()
            .find(|(n, v, _)| *n == package.name && *v == package.version)
        {
            Some((_, _, known)) if *known != actual => {
                return Err(format!(
                    "{} {} has SHA-256 {actual}, not the {known} isohost was tested with",
                    package.name, package.version
                ));
            }
            Some(_) => {}
            None => println!(
                "cargo:warning=isohost has not been tested with {} {}; using it (SHA-256 checked against apt's index)",
                package.name, package.version
            ),
        }
        let status = Command::new("dpkg-deb")
            .arg("-x")
            .arg(&deb)
            .arg(&unpacked)
            .status()
            .map_err(|e| format!("cannot run dpkg-deb: {e}"))?;
        if !status.success() {
            return Err(format!("dpkg-deb -x {} failed", deb.display()));
        }
        provenance.push_str(&format!(
            "{} {} {}\n",
            package.name, package.version, package.sha256
        ));
    }
    fs::write(unpacked.join("isohost-provenance.txt"), provenance).map_err(|e| e.to_string())?;
    if from_prefix(&unpacked).is_none() {
        return Err(format!(
            "{} {libnode_version} holds no V8 10.2 headers and libnode.so.108",
            PACKAGES.join(", ")
        ));
    }
    let dest = cache.join(format!(
        "libnode-{}",
        libnode_version.replace([':', '/'], "_")
    ));
    // Publish atomically: concurrent builds see nothing or the whole tree.
    match fs::rename(&unpacked, &dest) {
        Ok(()) => Ok(dest),
        Err(_) if from_prefix(&dest).is_some() => Ok(dest), // another build won
        Err(e) => Err(format!("cannot move V8 into {}: {e}", dest.display())),
    }
}

/// Downloads the candidate version of every package into `debs`; what apt's
/// index says of them.
fn download(options: &[String], debs: &Path) -> Result<Vec<Package>, String> {
    let packages = index(options)?;
    let mut args = vec!["download".to_string()];
    args.extend(packages.iter().map(|p| format!("{}={}", p.name, p.version)));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    apt("apt-get", options, &args, debs)?;
    Ok(packages)
}

/// The candidate version and SHA-256 of every package, from `apt-cache show`.
fn index(options: &[String]) -> Result<Vec<Package>, String> {
    let mut args = vec!["show", "--no-all-versions"];
    args.extend(PACKAGES);
    let text = apt("apt-cache", options, &args, Path::new("."))?;
    let mut found = Vec::new();
    for stanza in text.split("\n\n") {
        let field = |name: &str| {
            stanza
                .lines()
                .find_map(|l| l.strip_prefix(&format!("{name}: ")))
                .map(|v| v.trim().to_string())
        };
        if let (Some(name), Some(version), Some(sha256)) =
            (field("Package"), field("Version"), field("SHA256"))
            && PACKAGES.contains(&name.as_str())
            && !found.iter().any(|p: &Package| p.name == name)
        {
            found.push(Package {
                name,
                version,
                sha256,
            });
        }
    }
    let missing: Vec<&str> = PACKAGES
        .iter()
        .filter(|n| !found.iter().any(|p| p.name == **n))
        .copied()
        .collect();
    if missing.is_empty() {
        Ok(found)
    } else {
        Err(format!(
            "apt's index lists no {} (is this Debian 12 with its apt sources?)",
            missing.join(", ")
        ))
    }
}

/// Runs an apt tool; its stdout, or an error naming the command.
fn apt(tool: &str, options: &[String], args: &[&str], dir: &Path) -> Result<String, String> {
    let mut cmd = Command::new(tool);
    cmd.current_dir(dir).arg("-q");
    for option in options {
        cmd.arg("-o").arg(option);
    }
    let out = cmd
        .args(args)
        .output()
        .map_err(|e| format!("cannot run {tool}: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!(
            "`{tool} {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

fn sha256(file: &Path) -> Result<String, String> {
    let out = Command::new("sha256sum")
        .arg(file)
        .output()
        .map_err(|e| format!("cannot run sha256sum: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    match text.split_whitespace().next() {
        Some(hash) if out.status.success() && hash.len() == 64 => Ok(hash.to_string()),
        _ => Err(format!("sha256sum {} failed", file.display())),
    }
}

/// Leftovers of interrupted provisioning, older than an hour.
fn remove_stale_work_dirs(cache: &Path) {
    let Ok(entries) = fs::read_dir(cache) else {
        return;
    };
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 3600);
        if old && entry.file_name().to_string_lossy().starts_with(".tmp-") {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

fn nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

/// Compiles the glue, links it as a shared library without SONAME and with
/// libnode's directory as DT_RPATH, and stores it in the cache under a hash
/// of its bytes; its path there.
fn build_glue(libnode: &Libnode, out: &Path, cache: &Path) -> Result<PathBuf, String> {
    let mut build = cc::Build::new();
    build
        .cpp(true)
        .std("c++17")
        .pic(true)
        .cargo_metadata(false)
        .flag("-fno-rtti")
        .flag_if_supported("-Wno-unused-parameter")
        // Rust callbacks take `*const FunctionCallbackInfo`; V8 passes a
        // reference, the same pointer in the C ABI.
        .flag_if_supported("-Wno-cast-function-type")
        .include(&libnode.include)
        .file("glue/v8_glue.cc");
    let objects = build
        .try_compile_intermediates()
        .map_err(|e| e.to_string())?;

    let built = out.join(GLUE);
    let mut link = build
        .try_get_compiler()
        .map_err(|e| e.to_string())?
        .to_command();
    link.arg("-shared")
        .arg("-o")
        .arg(&built)
        .args(&objects)
        .arg("-L")
        .arg(&libnode.libdir)
        .arg("-l:libnode.so.108")
        // DT_RPATH, not RUNPATH: it also applies to libnode's own dependencies.
        .args([
            "-Xlinker",
            "--disable-new-dtags",
            "-Xlinker",
            "-rpath",
            "-Xlinker",
        ])
        .arg(&libnode.libdir)
        // The glue's calls to its own functions go straight, not through the PLT.
        .arg("-Wl,-Bsymbolic-functions")
        // Every symbol resolved now: the glue calls into Rust only through
        // the callback table, never by name.
        .arg("-Wl,-z,defs");
    let linked = link
        .output()
        .map_err(|e| format!("cannot run the C++ compiler to link the glue: {e}"))?;
    if !linked.status.success() {
        return Err(format!(
            "linking {GLUE} failed: {}",
            String::from_utf8_lossy(&linked.stderr).trim()
        ));
    }

    let bytes = fs::read(&built).map_err(|e| e.to_string())?;
    let mut hasher = DefaultHasher::new();
    hasher.write(&bytes);
    let dir = cache.join(format!("glue-{:016x}", hasher.finish()));
    let dest = dir.join(GLUE);
    if fs::read(&dest).is_ok_and(|b| b == bytes) {
        return Ok(dest);
    }
    let work = cache.join(format!(".tmp-{}-{}", std::process::id(), nanos()));
    let result = (|| {
        fs::create_dir_all(&work).map_err(|e| e.to_string())?;
        let staged = work.join(GLUE);
        fs::write(&staged, &bytes).map_err(|e| e.to_string())?;
        // As old as its source, so that the rerun-if-changed on it does not
        // fire on the next build just because it was written during this one.
        if let Ok(source_time) = fs::metadata("glue/v8_glue.cc").and_then(|m| m.modified()) {
            let _ = fs::File::options()
                .write(true)
                .open(&staged)
                .and_then(|f| f.set_modified(source_time));
        }
        let _ = fs::remove_dir_all(&dir); // a damaged copy
        match fs::rename(&work, &dir) {
            Ok(()) => Ok(dest.clone()),
            Err(_) if fs::read(&dest).is_ok_and(|b| b == bytes) => Ok(dest.clone()),
            Err(e) => Err(format!("cannot store the glue in {}: {e}", dir.display())),
        }
    })();
    let _ = fs::remove_dir_all(&work);
    result
}

fn write_if_changed(path: &Path, text: &str) -> Result<(), String> {
    if fs::read_to_string(path).ok().as_deref() == Some(text) {
        return Ok(());
    }
    fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

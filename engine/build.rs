//! Finds or provisions V8 10.2 (Debian 12's libnode108) and compiles the C++ glue.
//!
//! Order of search, first hit wins:
//! 1. `ISOHOST_LIBNODE_DIR`: a prefix holding `usr/include/node/v8.h` (or
//!    `include/node/v8.h`) and `libnode.so.108` somewhere under `usr/lib` (or `lib`).
//! 2. The system: `/usr/include/node` whose `v8-version.h` says 10.2, with
//!    `libnode.so.108` installed. (NodeSource's nodejs ships V8 11.3 headers there;
//!    those are refused by the version check.)
//! 3. Provisioning: `apt-get download` of libnode108, libnode-dev, libuv1 and
//!    libc-ares2, unpacked with `dpkg-deb -x` into `<target>/isohost-libnode`.
//!    With no usable apt lists, a private lists directory is filled first.
//!
//! Binaries link with an RPATH (not RUNPATH, so that libnode's own dependencies,
//! libuv and c-ares, are found in the same directory) and need no LD_LIBRARY_PATH.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const PACKAGES: [&str; 4] = ["libnode108", "libnode-dev", "libuv1", "libc-ares2"];

struct Libnode {
    include: PathBuf,
    libdir: PathBuf,
}

fn main() {
    println!("cargo:rerun-if-env-changed=ISOHOST_LIBNODE_DIR");
    // A directory: Cargo rescans every file in it.
    println!("cargo:rerun-if-changed=glue");
    println!("cargo:rerun-if-changed=build.rs");

    let libnode = match find_libnode() {
        Ok(l) => l,
        Err(e) => {
            eprintln!("isohost: could not find or provision V8 10.2 (libnode108): {e}");
            eprintln!(
                "isohost: set ISOHOST_LIBNODE_DIR to a directory where the Debian packages \
                 {} were unpacked with `dpkg-deb -x`",
                PACKAGES.join(", ")
            );
            std::process::exit(1);
        }
    };

    let mut build = cc::Build::new();
    build
        .cpp(true)
        .std("c++17")
        .flag("-fno-rtti")
        .flag_if_supported("-Wno-unused-parameter")
        // Rust callbacks take `*const FunctionCallbackInfo`; V8 passes a
        // reference, the same pointer in the C ABI.
        .flag_if_supported("-Wno-cast-function-type")
        .include(&libnode.include)
        .file("glue/v8_glue.cc");
    build.compile("isohost_v8_glue");

    let libdir = libnode.libdir.display();
    println!("cargo:rustc-link-search=native={libdir}");
    ensure_dev_symlink(&libnode.libdir);
    println!("cargo:rustc-link-lib=dylib=node");
    // For this crate's own tests and examples; dependents read DEP_ISOHOST_V8_LIBDIR.
    println!("cargo:rustc-link-arg=-Wl,--disable-new-dtags,-rpath,{libdir}");
    println!("cargo:libdir={libdir}");
}

fn find_libnode() -> Result<Libnode, String> {
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
    let prefix = provision_dir()?;
    if let Some(found) = from_prefix(&prefix) {
        return Ok(found);
    }
    provision(&prefix)?;
    from_prefix(&prefix).ok_or_else(|| {
        format!(
            "unpacked {} into {} but found no V8 10.2 headers and libnode.so.108 there",
            PACKAGES.join(", "),
            prefix.display()
        )
    })
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

/// `<target>/isohost-libnode`, shared by every profile of one target directory.
fn provision_dir() -> Result<PathBuf, String> {
    let out = PathBuf::from(env::var("OUT_DIR").map_err(|e| e.to_string())?);
    // OUT_DIR = <target>/[<triple>/]<profile>/build/<pkg>-<hash>/out
    let target = out
        .ancestors()
        .find(|p| p.join("CACHEDIR.TAG").exists())
        .map(Path::to_path_buf)
        .or_else(|| out.ancestors().nth(4).map(Path::to_path_buf))
        .ok_or("cannot place the V8 download: OUT_DIR has no target directory")?;
    Ok(target.join("isohost-libnode"))
}

fn provision(prefix: &Path) -> Result<(), String> {
    let parent = prefix.parent().ok_or("bad provisioning directory")?;
    fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    let work = parent.join(format!("isohost-libnode.tmp{}", std::process::id()));
    let _ = fs::remove_dir_all(&work);
    let debs = work.join("debs");
    let lists = work.join("lists");
    fs::create_dir_all(&debs).map_err(|e| e.to_string())?;
    fs::create_dir_all(lists.join("partial")).map_err(|e| e.to_string())?;

    let apt = |args: &[&str], with_lists: bool| -> Result<(), String> {
        let mut cmd = Command::new("apt-get");
        cmd.current_dir(&debs).arg("-q");
        if with_lists {
            cmd.arg("-o")
                .arg(format!("Dir::State::Lists={}", lists.display()));
        }
        let out = cmd
            .args(args)
            .output()
            .map_err(|e| format!("cannot run apt-get: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "apt-get {} failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            ))
        }
    };
    let mut download = vec!["download"];
    download.extend(PACKAGES);
    // The machine's own lists first; else a private, freshly updated lists dir.
    if apt(&download, false).is_err() {
        apt(&["update"], true)?;
        apt(&download, true)?;
    }

    let unpacked = work.join("root");
    for entry in fs::read_dir(&debs).map_err(|e| e.to_string())?.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "deb") {
            let status = Command::new("dpkg-deb")
                .arg("-x")
                .arg(&path)
                .arg(&unpacked)
                .status()
                .map_err(|e| format!("cannot run dpkg-deb: {e}"))?;
            if !status.success() {
                return Err(format!("dpkg-deb -x {} failed", path.display()));
            }
        }
    }
    // Publish atomically: concurrent builds either see nothing or the whole tree.
    match fs::rename(&unpacked, prefix) {
        Ok(()) => {}
        Err(_) if from_prefix(prefix).is_some() => {}
        Err(e) => return Err(format!("cannot move V8 into {}: {e}", prefix.display())),
    }
    let _ = fs::remove_dir_all(&work);
    Ok(())
}

/// libnode-dev provides `libnode.so`; if only the runtime package is there, link
/// against `libnode.so.108` through a symlink in OUT_DIR.
fn ensure_dev_symlink(libdir: &Path) {
    if libdir.join("libnode.so").exists() {
        return;
    }
    if let Ok(out) = env::var("OUT_DIR") {
        let link = Path::new(&out).join("libnode.so");
        let _ = fs::remove_file(&link);
        #[cfg(unix)]
        let _ = std::os::unix::fs::symlink(libdir.join("libnode.so.108"), &link);
        println!("cargo:rustc-link-search=native={out}");
    }
}

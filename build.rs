// Binaries and tests of this package link libnode: give them its RPATH
// (cargo does not pass a dependency's link arguments on).
fn main() {
    if let Ok(dir) = std::env::var("DEP_ISOHOST_V8_LIBDIR") {
        println!("cargo:rustc-link-arg=-Wl,--disable-new-dtags,-rpath,{dir}");
    }
}

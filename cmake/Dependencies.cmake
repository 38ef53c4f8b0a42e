# Every dependency comes from a Debian 12 package (scripts/install-deps.sh).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
pkg_check_modules(FFMPEG REQUIRED IMPORTED_TARGET
  libavformat libavcodec libavutil libswresample libswscale)
find_package(SDL2 REQUIRED CONFIG)
find_package(SDL2_ttf REQUIRED CONFIG)
find_package(LibtorrentRasterbar REQUIRED CONFIG)
find_package(nlohmann_json 3.10 REQUIRED CONFIG)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
find_package(fmt 9 REQUIRED CONFIG)
if(BUILD_TESTING)
  find_package(Catch2 2 REQUIRED CONFIG)
endif()

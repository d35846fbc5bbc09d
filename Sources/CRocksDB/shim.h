// RocksDB's C API. Only the Store module imports this target.
#include <rocksdb/c.h>

// The librdkafka headers Backstop uses: the client API and the mock cluster
// (the embedded broker). Only the Kafka module imports this target.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

// DescribePostgresConninfo: what messages show for a --pg connection string. Expected values
// follow libpq's documented defaults (https://www.postgresql.org/docs/15/libpq-connect.html:
// URI and key=value forms, PG* environment variables, port 5432, dbname = user name).
#include <gtest/gtest.h>

#include <cstdlib>

#include "store/postgres/postgres_store.h"

namespace skillpulse {
namespace {

class ConninfoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* v : {"PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE", "PGSERVICEFILE"}) {
      unsetenv(v);
    }
    setenv("PGUSER", "alice", 1);
  }
};

TEST_F(ConninfoTest, UriShowsHostPortDatabaseNeverThePassword) {
  const std::string d = DescribePostgresConninfo("postgresql://me:secret@db.example:5433/jobs");
  EXPECT_EQ(d, "db.example:5433/jobs");
  EXPECT_EQ(d.find("secret"), std::string::npos);
}

TEST_F(ConninfoTest, KeyValueAndDefaults) {
  EXPECT_EQ(DescribePostgresConninfo("host=127.0.0.1 port=6543 dbname=x password=pw"), "127.0.0.1:6543/x");
  // No dbname: the user name; no port: 5432; no host: the Unix socket.
  EXPECT_EQ(DescribePostgresConninfo("host=db user=bob"), "db:5432/bob");
  EXPECT_EQ(DescribePostgresConninfo("dbname=x"), "[local]:5432/x");
  EXPECT_EQ(DescribePostgresConninfo("host=/var/run/postgresql dbname=x"), "[/var/run/postgresql]:5432/x");
}

TEST_F(ConninfoTest, EmptyMeansTheEnvironment) {
  setenv("PGHOST", "envhost", 1);
  setenv("PGPORT", "6000", 1);
  setenv("PGDATABASE", "envdb", 1);
  EXPECT_EQ(DescribePostgresConninfo(""), "envhost:6000/envdb");
  // An explicit value wins over the environment.
  EXPECT_EQ(DescribePostgresConninfo("dbname=other"), "envhost:6000/other");
  unsetenv("PGDATABASE");
  EXPECT_EQ(DescribePostgresConninfo(""), "envhost:6000/alice");
}

TEST_F(ConninfoTest, Unparsable) {
  EXPECT_EQ(DescribePostgresConninfo("host = = x"), "postgres (unparsable connection string)");
  EXPECT_EQ(DescribePostgresConninfo("postgresql://[::1"), "postgres (unparsable connection string)");
}

}  // namespace
}  // namespace skillpulse

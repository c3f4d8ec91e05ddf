"""Oracle policies: stateless policies that carry out a known process on a generation machine."""

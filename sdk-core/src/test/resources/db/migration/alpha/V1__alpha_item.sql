CREATE TABLE alpha_item (id bigint PRIMARY KEY, name text NOT NULL);

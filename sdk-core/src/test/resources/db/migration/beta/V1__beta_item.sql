CREATE TABLE beta_item (id bigint PRIMARY KEY, name text NOT NULL);
INSERT INTO beta_item VALUES (1, 'first');

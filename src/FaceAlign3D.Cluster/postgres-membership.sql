-- Orleans ADO.NET membership on PostgreSQL for `facealign cluster --membership postgres` (docs/cluster.md).
-- Orleans reads its statements from OrleansQuery by key and binds @DeploymentId (the cluster id), @Address,
-- @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @SuspectTimes, @StartTime, @IAmAliveTime and
-- @Version; writes answer one row with the number of rows changed, 0 meaning "the version moved on, read again".

CREATE TABLE IF NOT EXISTS OrleansQuery (
    QueryKey varchar(64) PRIMARY KEY,
    QueryText varchar(8000) NOT NULL
);

-- One row per cluster: the version every membership change must name and bump.
CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable (
    DeploymentId varchar(150) PRIMARY KEY,
    Timestamp timestamptz(3) NOT NULL DEFAULT now(),
    Version integer NOT NULL DEFAULT 0
);

-- One row per silo incarnation (address, port, generation).
CREATE TABLE IF NOT EXISTS OrleansMembershipTable (
    DeploymentId varchar(150) NOT NULL REFERENCES OrleansMembershipVersionTable (DeploymentId),
    Address varchar(45) NOT NULL,
    Port integer NOT NULL,
    Generation integer NOT NULL,
    SiloName varchar(150) NOT NULL,
    HostName varchar(150) NOT NULL,
    Status integer NOT NULL,
    ProxyPort integer,
    SuspectTimes varchar(8000),
    StartTime timestamptz(3) NOT NULL,
    IAmAliveTime timestamptz(3) NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation)
);

-- Moves the cluster's version on if it is still the one the caller read.
CREATE OR REPLACE FUNCTION facealign_bump_version(cluster varchar, expected integer) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    UPDATE OrleansMembershipVersionTable SET Version = Version + 1, Timestamp = now()
    WHERE DeploymentId = cluster AND Version = expected;
    RETURN FOUND;
END $$;

-- Adds a silo's row and bumps the version, both or neither.
CREATE OR REPLACE FUNCTION facealign_join_silo(cluster varchar, silo_address varchar, silo_port integer, silo_generation integer,
    silo_name varchar, host varchar, silo_status integer, gateway_port integer, started timestamptz, alive timestamptz, expected integer)
RETURNS TABLE(row_count integer) LANGUAGE plpgsql AS $$
BEGIN
    IF NOT facealign_bump_version(cluster, expected) THEN
        RETURN QUERY SELECT 0;
        RETURN;
    END IF;
    BEGIN
        INSERT INTO OrleansMembershipTable (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
        VALUES (cluster, silo_address, silo_port, silo_generation, silo_name, host, silo_status, gateway_port, started, alive);
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION 'silo row exists' USING ERRCODE = 'P0001';
    END;
    RETURN QUERY SELECT 1;
EXCEPTION WHEN SQLSTATE 'P0001' THEN
    RETURN QUERY SELECT 0;
END $$;

-- Changes a silo's status and suspicions and bumps the version, both or neither.
CREATE OR REPLACE FUNCTION facealign_update_silo(cluster varchar, silo_address varchar, silo_port integer, silo_generation integer,
    silo_status integer, suspicions varchar, alive timestamptz, expected integer)
RETURNS TABLE(row_count integer) LANGUAGE plpgsql AS $$
BEGIN
    IF NOT facealign_bump_version(cluster, expected) THEN
        RETURN QUERY SELECT 0;
        RETURN;
    END IF;
    UPDATE OrleansMembershipTable SET Status = silo_status, SuspectTimes = suspicions, IAmAliveTime = alive
    WHERE DeploymentId = cluster AND Address = silo_address AND Port = silo_port AND Generation = silo_generation;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no such silo' USING ERRCODE = 'P0001';
    END IF;
    RETURN QUERY SELECT 1;
EXCEPTION WHEN SQLSTATE 'P0001' THEN
    RETURN QUERY SELECT 0;
END $$;

DELETE FROM OrleansQuery WHERE QueryKey IN ('InsertMembershipVersionKey', 'InsertMembershipKey', 'UpdateMembershipKey',
    'UpdateIAmAlivetimeKey', 'MembershipReadRowKey', 'MembershipReadAllKey', 'GatewaysQueryKey',
    'DeleteMembershipTableEntriesKey', 'CleanupDefunctSiloEntriesKey');

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey',
 'WITH added AS (INSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES (@DeploymentId) ON CONFLICT DO NOTHING RETURNING 1)
  SELECT count(*)::integer FROM added;'),
('InsertMembershipKey',
 'SELECT * FROM facealign_join_silo(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version);'),
('UpdateMembershipKey',
 'SELECT * FROM facealign_update_silo(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime, @Version);'),
('UpdateIAmAlivetimeKey',
 'UPDATE OrleansMembershipTable SET IAmAliveTime = @IAmAliveTime
  WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation;'),
('MembershipReadRowKey',
 'SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort, m.SuspectTimes,
         m.StartTime, m.IAmAliveTime, v.Version
  FROM OrleansMembershipVersionTable v
  LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
      AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
  WHERE v.DeploymentId = @DeploymentId;'),
('MembershipReadAllKey',
 'SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort, m.SuspectTimes,
         m.StartTime, m.IAmAliveTime, v.Version
  FROM OrleansMembershipVersionTable v
  LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
  WHERE v.DeploymentId = @DeploymentId;'),
('GatewaysQueryKey',
 'SELECT Address, ProxyPort, Generation FROM OrleansMembershipTable
  WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0;'),
('DeleteMembershipTableEntriesKey',
 'DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
  DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;'),
('CleanupDefunctSiloEntriesKey',
 'DELETE FROM OrleansMembershipTable
  WHERE DeploymentId = @DeploymentId AND IAmAliveTime < @IAmAliveTime AND Status <> 3;');

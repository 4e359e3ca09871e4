// JdbcMetadata prints what the Presto JDBC driver's DatabaseMetaData answers
// (jdbc_test.go runs it with the driver of pom.xml): one line per row,
// fields separated by '|', each call's lines after a "# call" line.
// Usage: java -cp presto-jdbc.jar JdbcMetadata.java jdbc:presto://host:port/hive/default SCHEMA TABLE
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

public class JdbcMetadata {
    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        props.setProperty("user", "lab");
        try (Connection conn = DriverManager.getConnection(args[0], props)) {
            DatabaseMetaData md = conn.getMetaData();
            String schema = args[1], table = args[2];
            print("getCatalogs", md.getCatalogs(), "TABLE_CAT");
            print("getSchemas", md.getSchemas(), "TABLE_SCHEM", "TABLE_CATALOG");
            print("getSchemas(hive, def%)", md.getSchemas("hive", "def%"), "TABLE_SCHEM", "TABLE_CATALOG");
            print("getTableTypes", md.getTableTypes(), "TABLE_TYPE");
            print("getTables(hive, " + schema + ", %, TABLE)", md.getTables("hive", schema, "%", new String[] {"TABLE"}),
                "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS");
            print("getTables(null, null, " + table + ", null)", md.getTables(null, null, table, null),
                "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE");
            print("getColumns(hive, " + schema + ", " + table + ", %)", md.getColumns("hive", schema, table, "%"),
                "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE", "DECIMAL_DIGITS", "NUM_PREC_RADIX",
                "NULLABLE", "ORDINAL_POSITION", "IS_NULLABLE", "IS_AUTOINCREMENT");
            print("getColumns(hive, " + schema + ", " + table + ", pri%)", md.getColumns("hive", schema, table, "pri%"),
                "COLUMN_NAME", "TYPE_NAME");
            print("getTypeInfo", md.getTypeInfo(), "TYPE_NAME", "DATA_TYPE");
            try (Statement st = conn.createStatement()) {
                print("select", st.executeQuery("select count(*) from " + table), "_col0");
            }
        }
    }

    static void print(String call, ResultSet rs, String... cols) throws SQLException {
        System.out.println("# " + call);
        try (rs) {
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < cols.length; i++) {
                    if (i > 0) {
                        b.append('|');
                    }
                    b.append(rs.getString(cols[i]));
                }
                System.out.println(b);
            }
        }
    }
}

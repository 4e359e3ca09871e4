package embedded

// SparkFS is the file system URI under which a Spark job (lab spark-submit)
// sees the embedded warehouse: fs.defaultFS is a viewfs mount table named
// "lab" whose links lead to the warehouse directory, so that the class's
// '/tmp/purchases' is the warehouse's, as on HDFS. The metastore records a
// location under SparkFS as the warehouse's file:// URI.
const SparkFS = "viewfs://lab/"

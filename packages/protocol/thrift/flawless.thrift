// The wire contract of Flawless 0.4 Python clients. Field ids and types are the
// wire format: never renumber them.

struct StackLine {
    1: string filename
    2: i64 line_number
    3: string function_name
    4: string text
    5: map<string, string> frame_locals
}

struct RecordErrorRequest {
    1: list<StackLine> traceback
    2: string exception_message
    3: string hostname
    4: optional i64 error_threshold
    5: optional string additional_info
    6: optional i64 error_count
    7: string exception_type
}

service Flawless {
    bool ping();
    void record_error(1: RecordErrorRequest request);
}

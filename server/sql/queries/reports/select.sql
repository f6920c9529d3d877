SELECT * FROM report_details WHERE id = :id

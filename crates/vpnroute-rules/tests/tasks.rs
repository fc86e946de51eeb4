//! The tasks the console is organised by: every operation belongs to one, and within a task
//! no two operations share a step, so that each has an address of its own.

use vpnroute_rules::ops::{Task, TaskStep};
use vpnroute_rules::Operation;

#[test]
fn every_operation_has_one_address_by_task_and_step() {
    let mut addresses: Vec<String> = Vec::new();
    for task in Task::ALL {
        let operations = task.operations();
        assert!(!operations.is_empty(), "{task:?} has no operation");
        assert_eq!(Task::from_slug(task.slug()), Some(task));
        for operation in operations {
            addresses.push(format!("{}/{}", task.slug(), operation.step().slug()));
        }
    }
    let count = addresses.len();
    addresses.sort();
    addresses.dedup();
    assert_eq!(addresses.len(), count, "two operations share an address");
    assert_eq!(
        count,
        Operation::ALL.len(),
        "an operation belongs to no task"
    );
}

#[test]
fn a_task_lists_its_operations_add_first_and_delete_last() {
    let names = |task: Task| -> Vec<&str> { task.operations().iter().map(|o| o.name()).collect() };
    assert_eq!(
        names(Task::DestinationRoutes),
        [
            "CreateVpnRouteEntry",
            "ModifyVpnRouteEntryWeight",
            "PublishVpnRouteEntry",
            "DeleteVpnRouteEntry"
        ]
    );
    assert_eq!(
        names(Task::PolicyRoutes),
        [
            "CreateVpnPbrRouteEntry",
            "ModifyVpnPbrRouteEntryWeight",
            "ModifyVpnPbrRouteEntryPriority",
            "ModifyVpnPbrRouteEntryAttribute",
            "DeleteVpnPbrRouteEntry"
        ]
    );
    assert_eq!(
        names(Task::VcoRoutes),
        [
            "CreateVcoRouteEntry",
            "DescribeVcoRouteEntries",
            "ModifyVcoRouteEntryWeight",
            "DeleteVcoRouteEntry"
        ]
    );
    assert_eq!(names(Task::Connections), ["CreateVpnConnection"]);
    assert_eq!(
        Operation::ModifyVpnPbrRouteEntryAttribute.step(),
        TaskStep::ChangeAttributes
    );
}

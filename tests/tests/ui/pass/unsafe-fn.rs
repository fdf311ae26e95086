use traced::traced;

#[traced(fields(len))]
unsafe fn read(pointer: *const u8, len: usize) -> u8 {
    *pointer
}

struct Buffer(Vec<u8>);

impl Buffer {
    #[traced(fields(index))]
    unsafe fn get_unchecked(&self, index: usize) -> u8 {
        *self.0.get_unchecked(index)
    }
}

#[traced]
async unsafe fn read_async(pointer: *const u8) -> u8 {
    *pointer
}

fn main() {
    let value = 7_u8;
    assert_eq!(unsafe { read(&value, 1) }, 7);
    assert_eq!(unsafe { Buffer(vec![1, 2]).get_unchecked(1) }, 2);
    let _ = unsafe { read_async(&value) };
}
